"""The intake page (/caseload/intake): register a new client and start their case."""

import frappe
from frappe import _
from frappe.utils import cint, getdate

from case_management.services.duplicates import likely_duplicates_of
from case_management.services.portal.client_contact import contact_rows
from case_management.services.portal.common import (
	CONFIRM_SCORE,
	atomic,
	bad_input,
)


def register_client(values: dict, confirmed_new: bool = False, contact: dict | None = None) -> dict:
	"""Register a new client (with an emergency contact, when `contact` names one) and start
	their case on the user's caseload.

	A likely duplicate stops it (with the matches) until the user confirms a new person."""
	frappe.has_permission("Client", "create", throw=True)
	frappe.has_permission("Case", "create", throw=True)
	contacts = contact_rows([contact] if contact else [])
	if values.get("language") and not frappe.db.exists("Language", values["language"]):
		bad_input(
			_("{0} is not a language on this site.").format(frappe.utils.escape_html(values["language"]))
		)
	first_name = (values.get("first_name") or "").strip()
	if not first_name or not (values.get("last_name") or "").strip():
		bad_input(_("Enter the client's first and last name."))
	if values.get("date_of_birth"):
		try:
			values["date_of_birth"] = getdate(values["date_of_birth"])
		except Exception:
			bad_input(_("{0} is not a date.").format(frappe.utils.escape_html(values["date_of_birth"])))
	if not cint(confirmed_new):
		sure = [m for m in likely_duplicates_of(values) if m["score"] >= CONFIRM_SCORE]
		if sure:
			bad_input(
				_(
					"This person may already be registered ({0} likely match). Open the match, or confirm this is a new client."
				).format(len(sure))
			)
	caseworker = frappe.session.user if "Caseworker" in frappe.get_roles() else None
	with atomic("portal_register_client"):
		rows = [{k: v for k, v in r.items() if k != "row"} for r in contacts]
		client = frappe.get_doc({"doctype": "Client", **values, "emergency_contacts": rows}).insert()
		case = frappe.new_doc("Case")
		case.update({"client": client.name, "caseworker": caseworker})
		case.insert()
	return {"client": client.name, "case": case.name}
