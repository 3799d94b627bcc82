"""What the Case Summary print format shows, read in a few queries and permission-checked.

Exposed to Jinja (hooks.py `jinja`), so any template may call `case_summary(name)`: it refuses
a case the current user may not read, like the form itself.
"""

import frappe
from frappe import _

from case_management.services.household import summarize

CLIENT_FIELDS = [
	"name",
	"full_name",
	"preferred_name",
	"date_of_birth",
	"gender",
	"language",
	"phone",
	"email",
	"address_line1",
	"address_line2",
	"city",
	"state",
	"postal_code",
]


def case_summary(case: str) -> dict:
	doc = frappe.get_doc("Case", case)
	doc.check_permission("read")
	client = frappe.db.get_value("Client", doc.client, CLIENT_FIELDS, as_dict=True) or frappe._dict()
	return {
		"client": client,
		"caseworker_name": frappe.db.get_value("User", doc.caseworker, "full_name")
		if doc.caseworker
		else None,
		"household": summarize(doc.client) if doc.client else None,
		"referrals": frappe.get_all(
			"Referral",
			filters={"case": doc.name},
			fields=["name", "service_provider", "service", "status", "referral_date", "due_date", "outcome"],
			order_by="referral_date desc, creation desc",
		),
		"enrolments": enrolments(doc.name),
		"visits": frappe.get_all(
			"Follow-up Visit",
			filters={"case": doc.name},
			fields=["name", "mode", "due_date", "scheduled_time", "status", "completed_on", "notes"],
			order_by="due_date desc",
		),
		"notes": notes(doc.name),
		"risk_history": sorted(doc.risk_history, key=lambda row: row.changed_on or "", reverse=True),
		"goals": doc.goals,
	}


NOTES_IN_SUMMARY = 20


def notes(case: str) -> list[dict]:
	"""The case's latest notes that are not restricted (a restricted note stays in the app: the
	summary is handed to courts and other agencies), each with its sections if it has them."""
	from case_management.services.portal.case_page import plain_text
	from case_management.services.portal.notes import note_sections

	rows = frappe.get_all(
		"Case Note",
		filters={"case": case, "is_restricted": 0},
		fields=["name", "note_date", "note_type", "subject", "note", "note_template"],
		order_by="note_date desc",
		limit=NOTES_IN_SUMMARY,
	)
	sections = note_sections([r.name for r in rows])
	for r in rows:
		r.sections = [s for s in sections.get(r.name, []) if s["content"]]
		r.text = plain_text(r.pop("note"))
	return rows


def enrolments(case: str) -> list[dict]:
	"""The case's program enrolments, newest first, each with its services delivered summed by
	service and unit ("12 Night, 450 Dollar")."""
	rows = frappe.get_all(
		"Program Enrolment",
		filters={"case": case},
		fields=[
			"name",
			"program",
			"status",
			"referral_date",
			"entry_date",
			"exit_date",
			"exit_destination",
			"waitlist_position",
		],
		order_by="referral_date desc, creation desc",
	)
	if not rows:
		return rows
	delivered = frappe.get_all(
		"Service Delivery",
		filters={"enrolment": ("in", [r.name for r in rows])},
		fields=["enrolment", "service", "unit", "sum(quantity) as total"],
		group_by="enrolment, service, unit",
		order_by="service asc",
	)
	totals: dict[str, list[str]] = {}
	for d in delivered:
		amount = frappe.utils.fmt_money(d.total, precision=0 if float(d.total).is_integer() else 2)
		totals.setdefault(d.enrolment, []).append(f"{d.service}: {amount} {_(d.unit or '')}".strip())
	for r in rows:
		r.services = totals.get(r.name, [])
	return rows
