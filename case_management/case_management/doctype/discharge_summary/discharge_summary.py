# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from case_management.engine import discharge as rules


class DischargeSummary(Document):
	def before_insert(self):
		"""A summary made empty (the desk's New form) is drafted from its case's facts."""
		if self.case and not any((self.get(key) or "").strip() for key in rules.KEYS):
			from case_management.services.discharge import gather_facts

			self.update(rules.draft(gather_facts(frappe.get_doc("Case", self.case))))

	def validate(self):
		self.validate_not_approved_yet()
		self.validate_one_current_summary()
		self.set_drafted_by()
		self.set_client_copy()

	def validate_not_approved_yet(self):
		"""An approved summary is the record of a closure: nobody changes it. It becomes
		Approved only through services/discharge.approve (the approval rules)."""
		before = self.get_doc_before_save()
		if before and before.status == "Approved":
			frappe.throw(_("An approved discharge summary cannot be changed."))
		if self.status == "Approved" and not self.flags.approving:
			frappe.throw(_("Approve a discharge summary with its Approve button, as a case supervisor."))

	def validate_one_current_summary(self):
		if not self.is_new():
			return
		if frappe.db.exists("Discharge Summary", {"case": self.case, "closed_on": ("is", "not set")}):
			frappe.throw(_("This case already has a discharge summary for its closure: edit that one."))

	def set_drafted_by(self):
		"""The author of the current wording: whoever drafted it or last changed a section."""
		if self.flags.approving or self.flags.system_text:
			return
		changed = self.is_new() or any(self.has_value_changed(key) for key in rules.KEYS)
		if changed:
			self.drafted_by, self.drafted_on = frappe.session.user, now_datetime()

	def set_client_copy(self):
		first_name = frappe.db.get_value("Client", self.client, "first_name") if self.client else ""
		self.client_copy = rules.client_copy({key: self.get(key) for key in rules.KEYS}, first_name or "")
