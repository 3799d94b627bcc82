"""Duplicate clients: the check at intake (desk form and portal)."""

import frappe
from frappe import _

from case_management.api.intake import mask_phone
from case_management.services.duplicates import likely_duplicates_of


@frappe.whitelist(methods=["GET", "POST"])
def likely_duplicates(
	first_name: str | None = None,
	last_name: str | None = None,
	date_of_birth: str | None = None,
	phone: str | None = None,
	email: str | None = None,
	address_line1: str | None = None,
	postal_code: str | None = None,
	exclude: str | None = None,
) -> list[dict]:
	"""Existing clients that are likely the person being registered, before it is saved.

	For staff who register clients. Like the intake search it works across caseloads and
	returns only what identifies a person: name, birth date, the last digits of the phone,
	the score and the reasons; whether the user may open the record is in `can_open`.
	"""
	frappe.has_permission("Client", "create", throw=True)
	if date_of_birth:
		try:
			date_of_birth = frappe.utils.getdate(date_of_birth)
		except Exception:
			frappe.throw(_("{0} is not a date.").format(frappe.bold(frappe.utils.escape_html(date_of_birth))))
	values = {
		"first_name": first_name,
		"last_name": last_name,
		"date_of_birth": date_of_birth,
		"phone": phone,
		"email": email,
		"address_line1": address_line1,
		"postal_code": postal_code,
	}
	matches = likely_duplicates_of(values, exclude=exclude)[:10]
	if not matches:
		return []
	rows = {
		r.name: r
		for r in frappe.get_all(
			"Client",
			filters={"name": ("in", [m["name"] for m in matches])},
			fields=["name", "full_name", "date_of_birth", "phone"],
		)
	}
	for m in matches:
		row = rows[m["name"]]
		m.update(
			full_name=row.full_name,
			date_of_birth=row.date_of_birth,
			phone=mask_phone(row.phone),
			can_open=frappe.has_permission("Client", "read", m["name"]),
		)
	return matches
