# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from case_management.engine.hmis import EXIT_DESTINATIONS

# Status changes go through services/enrolment.py (under the program's lock), which sets
# flags.via_service; a save from the desk or REST may not move the status.


class ProgramEnrolment(Document):
	def validate(self):
		self.validate_status_change()
		self.validate_exit()

	def validate_status_change(self):
		if self.flags.via_service:
			return
		if self.is_new():
			if self.status != "Referred":
				frappe.throw(_("Refer the client first: places are given by the program's waitlist."))
			frappe.throw(_("Refer a client from the case (Programs), so that eligibility is checked."))
		if self.has_value_changed("status"):
			frappe.throw(_("Use the enrolment's actions (enrol, exit, withdraw) to change its status."))

	def validate_exit(self):
		if self.status != "Exited":
			return
		if not self.exit_date:
			frappe.throw(_("Give the exit date."))
		if self.exit_destination not in EXIT_DESTINATIONS:
			frappe.throw(_("Choose where the client went on exit (HMIS 3.12 destination)."))
		if self.entry_date and self.exit_date < self.entry_date:
			frappe.throw(_("The exit date cannot be before the entry date."))
