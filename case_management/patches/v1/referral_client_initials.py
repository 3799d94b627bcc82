"""Referrals made before partners saw only a first name and initial: fill `client_initials`."""

import frappe

from case_management.engine.names import first_name_and_initial


def execute():
	rows = frappe.get_all(
		"Referral", filters={"client_initials": ("is", "not set")}, fields=["name", "client_name"]
	)
	for row in rows:
		frappe.db.set_value(
			"Referral",
			row.name,
			"client_initials",
			first_name_and_initial(row.client_name),
			update_modified=False,
		)
