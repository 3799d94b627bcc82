# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class CaseNote(Document):
	pass


def on_doctype_update():
	# The monthly summary counts a case's notes in a date range: an index-only range scan.
	frappe.db.add_index("Case Note", ["`case`", "note_date"], index_name="case_note_date_index")
