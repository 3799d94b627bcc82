# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import now_datetime


class FollowupVisit(Document):
	def validate(self):
		if self.status == "Completed" and not self.completed_on:
			self.completed_on = now_datetime()
		elif self.status != "Completed":
			self.completed_on = None
