# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CaseNoteSection(Document):
	pass
