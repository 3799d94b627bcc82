# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class IntakeChecklistTemplate(Document):
	def validate(self):
		if self.is_default and self.disabled:
			frappe.throw(_("The default checklist template cannot be disabled."))

	def on_update(self):
		if self.is_default:
			# One default: the newly marked template replaces the previous one.
			frappe.db.set_value(
				"Intake Checklist Template",
				{"is_default": 1, "name": ("!=", self.name)},
				"is_default",
				0,
			)
