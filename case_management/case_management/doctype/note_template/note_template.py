# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document

from case_management.services.notes import check_template


class NoteTemplate(Document):
	def validate(self):
		check_template(self)
