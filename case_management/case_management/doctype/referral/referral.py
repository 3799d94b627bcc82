# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today


class Referral(Document):
	def validate(self):
		self.validate_provider_active()
		self.stamp_completion()

	def stamp_completion(self):
		if self.status == "Completed" and not self.completed_on:
			self.completed_on = today()
		elif self.status != "Completed":
			self.completed_on = None

	def validate_provider_active(self):
		if not (self.is_new() or self.has_value_changed("service_provider")):
			return
		if not frappe.db.get_value("Service Provider", self.service_provider, "is_active"):
			frappe.throw(
				_("{0} is not an active service provider. Choose another provider.").format(
					frappe.bold(self.service_provider)
				),
				title=_("Inactive provider"),
			)
