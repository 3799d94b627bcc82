# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class NoteHintPhrase(Document):
	def validate(self):
		self.phrase = " ".join((self.phrase or "").split())
		if not self.phrase:
			frappe.throw(_("A hint phrase needs at least one word."), frappe.MandatoryError)
