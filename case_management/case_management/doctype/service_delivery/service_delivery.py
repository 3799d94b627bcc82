# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document

from case_management.services.deliveries import check_delivery


class ServiceDelivery(Document):
	def validate(self):
		self.unit = check_delivery(self.enrolment, self.service, self.delivered_on, self.quantity)
		self.staff = self.staff or self.owner
