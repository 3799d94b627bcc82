"""The agency's list of numbers that opted out of texts (Text Opt-out), whoever they belong to.

STOP and START apply to a number, not to a person: carriers hold the sender to it. Every STOP
or START the gateway brings is written here (services/inbound_actions.py), whether the number
is a client's, an emergency contact's, several people's or nobody's, and every text the app
sends asks `opted_out_numbers` first: safety alerts (services/safety.py), visit texts (through
the visit's *Opted out of texts*, services/visit_notices.py) and the client's page link
(services/client_page.py). The only texts that still go to an opted-out number are the answers
to STOP and HELP themselves, which carriers require.

Emergency contacts carry a read-only copy of their number's state (*Opted out of texts* on the
Client's contact rows), so that the people who see the client see it without reading the list.
"""

from collections.abc import Iterable

import frappe
from frappe.utils import now_datetime

DOCTYPE = "Text Opt-out"


def opted_out_numbers(numbers: Iterable[str | None]) -> set[str]:
	"""The numbers among `numbers` that are opted out now (one query)."""
	wanted = sorted({n for n in numbers if n})
	if not wanted:
		return set()
	return set(frappe.get_all(DOCTYPE, filters={"number": ("in", wanted), "opted_out": 1}, pluck="number"))


def is_opted_out(number: str | None) -> bool:
	return bool(number) and bool(
		frappe.db.sql(
			"select 1 from `tabText Opt-out` where number = %s and opted_out = 1 limit 1", (number,)
		)
	)


def record(number: str, opted_out: bool, source: str, message: str | None = None) -> str:
	"""Write the number's state (a new row, or the row updated, with a Version); returns its name.
	The number's emergency-contact rows are brought in line. Safe to run twice."""
	name = frappe.db.get_value(DOCTYPE, {"number": number}, "name", for_update=True)
	values = {
		"opted_out": int(opted_out),
		"changed_at": now_datetime(),
		"source": source,
		"inbound_message": message,
	}
	if name:
		doc = frappe.get_doc(DOCTYPE, name)
		if bool(doc.opted_out) != opted_out or doc.inbound_message != message:
			doc.update(values)
			# the number's own request, kept for the agency; the earlier state stays in the
			# history (Frappe would skip it in tests)
			doc.save(ignore_permissions=True, ignore_version=False)
	else:
		doc = frappe.get_doc({"doctype": DOCTYPE, "number": number, **values})
		frappe.db.savepoint("text_opt_out")
		try:
			doc.insert(ignore_permissions=True)  # the number's own request, kept for the agency
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
			# Another job wrote the number at the same moment: update that row instead.
			frappe.db.rollback(save_point="text_opt_out")
			return record(number, opted_out, source, message)
	sync_contacts(number, opted_out)
	return doc.name


def sync_contacts(number: str, opted_out: bool) -> None:
	"""The read-only copy on every emergency contact with this number."""
	frappe.db.set_value(
		"Client Emergency Contact",
		{"phone": number, "parenttype": "Client", "sms_opted_out": int(not opted_out)},
		"sms_opted_out",
		int(opted_out),
		update_modified=False,
	)


def mark_contacts(contacts: Iterable) -> None:
	"""Set each contact row's copy from the list (on the Client's save: a number may have been
	typed in or changed)."""
	contacts = list(contacts)
	stopped = opted_out_numbers(c.phone for c in contacts)
	for contact in contacts:
		contact.sms_opted_out = int(bool(contact.phone) and contact.phone in stopped)
