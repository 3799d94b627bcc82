"""The agency's opt-out list (Text Opt-out) starts with what was already known: the phones of
clients who had replied STOP (with when and how), then every other number whose last STOP or
START text is on record (an emergency contact's, an unknown number's), and the emergency
contacts that carry such a number show it. Safe to run again: a number listed is left alone."""

import frappe

from case_management.services.opt_out import DOCTYPE, sync_contacts


def execute():
	listed = set(frappe.get_all(DOCTYPE, pluck="number"))
	for client in frappe.get_all(
		"Client",
		filters={"sms_opted_out": 1, "phone": ("is", "set")},
		fields=["phone", "sms_opt_out_at", "sms_opt_out_source"],
		order_by="sms_opt_out_at asc",
	):
		if client.phone not in listed:
			listed.add(client.phone)
			add(client.phone, True, client.sms_opt_out_at, client.sms_opt_out_source or "Client record")
	last: dict[str, frappe._dict] = {}
	for message in frappe.get_all(
		"Inbound Message",
		filters={"meaning": ("in", ("Opt out", "Opt in")), "from_number": ("is", "set")},
		fields=["name", "from_number", "meaning", "received_at"],
		order_by="received_at asc",
	):
		last[message.from_number] = message
	for number, message in last.items():
		if number not in listed:
			add(number, message.meaning == "Opt out", message.received_at, "Text reply", message.name)


def add(number: str, opted_out: bool, when, source: str, message: str | None = None) -> None:
	frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"number": number,
			"opted_out": int(opted_out),
			"changed_at": when,
			"source": source,
			"inbound_message": message,
		}
	).insert(ignore_permissions=True)  # a migration, not a user's edit
	sync_contacts(number, opted_out)
