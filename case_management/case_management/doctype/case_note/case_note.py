# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from case_management.services.notes import check_note


class CaseNote(Document):
	def validate(self):
		self.check_sections()

	def check_sections(self):
		# Structured notes: the template's rules, and the note's text made from its sections.
		check_note(self)


def on_doctype_update():
	# The monthly summary counts a case's notes in a date range: an index-only range scan.
	frappe.db.add_index("Case Note", ["`case`", "note_date"], index_name="case_note_date_index")
