# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime


class FollowupVisit(Document):
	def on_update(self):
		from case_management.services.visit_notices import on_visit_update

		on_visit_update(self)

	def validate(self):
		from case_management.services.visit_links import validate_offered_times

		validate_offered_times(self)
		if self.status == "Completed" and not self.completed_on:
			self.completed_on = now_datetime()
		elif self.status != "Completed":
			self.completed_on = None


def on_doctype_update():
	# The follow-up and summary jobs read a case's visits by status and due date.
	frappe.db.add_index(
		"Follow-up Visit", ["`case`", "status", "due_date"], index_name="case_status_due_index"
	)
