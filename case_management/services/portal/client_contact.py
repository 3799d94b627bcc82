"""The client's contact details from the case page: address, phones, email, consent to be
messaged, language and emergency contacts. The Client tracks changes, so every edit is kept
in its history; phones are normalised by the Client itself."""

import frappe
from frappe import _
from frappe.utils import cint

from case_management.services.portal.common import atomic, bad_input, case_for, field_options, parse_json

TEXT_FIELDS = (
	"address_line1",
	"address_line2",
	"city",
	"state",
	"postal_code",
	"phone",
	"alternate_phone",
	"email",
)
CONSENT_FIELDS = ("ok_to_email", "ok_to_sms", "safe_to_text")
CONTACT_FIELDS = ("full_name", "relationship", "phone", "receives_safety_alerts")


def contact_rows(emergency_contacts) -> list[dict]:
	"""The emergency contacts as sent by the form: a list of rows, each with a name."""
	rows = parse_json(emergency_contacts, _("emergency contacts"))
	if rows is None:
		return []
	if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
		bad_input(_("The emergency contacts could not be read."))
	relationships = field_options("Client Emergency Contact", "relationship")
	out = []
	for i, row in enumerate(rows, start=1):
		values = {k: row.get(k) for k in (*CONTACT_FIELDS, "row")}
		if any(v is not None and not isinstance(v, str | int | bool) for v in values.values()):
			bad_input(_("Emergency contact {0} could not be read.").format(i))
		name = str(values["full_name"] or "").strip()
		phone = str(values["phone"] or "").strip()
		if not name and not phone:
			continue  # an empty row left in the form
		if not name:
			bad_input(_("Emergency contact {0}: enter their name.").format(i))
		relationship = str(values["relationship"] or "").strip()
		if relationship and relationship not in relationships:
			bad_input(
				_("Emergency contact {0}: {1} is not a relationship.").format(
					i, frappe.utils.escape_html(relationship)
				)
			)
		out.append(
			{
				"row": values["row"] or None,
				"full_name": name,
				"relationship": relationship or None,
				"phone": phone or None,
				"receives_safety_alerts": cint(values["receives_safety_alerts"]),
			}
		)
	return out


def save_client_contact(case: str, values: dict, emergency_contacts=None) -> dict:
	"""Save the contact details of the case's client. A value left out (None) stays as it is;
	with `emergency_contacts`, the client's contacts become that list (a row named by `row`
	keeps what the form does not show: email, notes, guardian)."""
	doc = case_for(case, "read")
	client = frappe.get_doc("Client", doc.client)
	client.check_permission("write")
	language = values.get("language")
	if language and not frappe.db.exists("Language", language):
		bad_input(_("{0} is not a language on this site.").format(frappe.utils.escape_html(language)))
	contacts = contact_rows(emergency_contacts) if emergency_contacts is not None else None
	with atomic("portal_client_contact"):
		for field in TEXT_FIELDS:
			if values.get(field) is not None:
				client.set(field, str(values[field]).strip() or None)
		for field in CONSENT_FIELDS:
			if values.get(field) is not None:
				client.set(field, cint(values[field]))
		if language is not None:
			client.language = language or None
		if contacts is not None:
			kept = {r.name: r for r in client.emergency_contacts}
			client.set("emergency_contacts", [])
			for row in contacts:
				old = kept.get(row.pop("row") or "")
				extra = {k: old.get(k) for k in ("is_guardian", "email", "notes")} if old else {}
				client.append("emergency_contacts", {**extra, **row})
		client.save(ignore_version=False)  # the earlier details stay in the history, tests included
	return {"name": client.name, "message": _("The client's contact details are saved.")}
