# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class CaseRiskHistory(Document):
	pass


def on_doctype_update():
	# The monthly summary reads each case's risk history up to a date.
	frappe.db.add_index("Case Risk History", ["parent", "changed_on"])
