"""Booking visits from the portal (a time agreed with the client, or a new time for a visit
still to come) and the caseworker's week: the next seven days of their visits."""

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime, today

from case_management.engine.visit_booking import booking_problem, notice_state, week_days
from case_management.services.portal.common import atomic, bad_input, case_for, field_options


def booking_message(problem: str, status: str | None = None, due=None) -> str:
	return {
		"not_scheduled": _("Only a scheduled visit can be moved; this one is already {0}.").format(
			_(status or "")
		),
		"in_past": _("Choose a time that has not passed yet."),
		"too_far": _("Choose a time within the next year."),
		"already_open": _("This case already has a visit due {0}: change that visit's time instead.").format(
			frappe.utils.formatdate(due)
		),
	}[problem]


def book_visit(case: str, scheduled_time: str, mode: str | None = None, visit: str | None = None) -> dict:
	"""Give the case's open visit (or `visit`) the agreed time, or open a visit at that time
	when the case has none. The due date follows the time; the client is told once quiet hours
	allow (services/visit_notices.py)."""
	doc = case_for(case, "write")
	try:
		when = get_datetime(scheduled_time) if scheduled_time else None
	except Exception:
		when = None
	if not when:
		bad_input(_("Enter the date and time of the visit."))
	if mode and mode not in field_options("Follow-up Visit", "mode"):
		bad_input(_("{0} is not a way of visiting.").format(frappe.utils.escape_html(mode)))
	status, other_due = None, None
	if visit:
		row = frappe.db.get_value("Follow-up Visit", visit, ["name", "case", "status"], as_dict=True)
		if not row or row.case != doc.name:
			frappe.throw(_("That visit is not one of this case's visits."), frappe.PermissionError)
		status = row.status
	else:
		other_due = frappe.db.get_value(
			"Follow-up Visit", {"case": doc.name, "status": "Scheduled"}, "due_date", order_by="due_date asc"
		)
	problem = booking_problem(when, now_datetime(), status, other_due)
	if problem:
		bad_input(booking_message(problem, status, other_due))
	with atomic("portal_book_visit"):
		if visit:
			visit_doc = frappe.get_doc("Follow-up Visit", visit)
			visit_doc.check_permission("write")
		else:
			visit_doc = frappe.get_doc(
				{"doctype": "Follow-up Visit", "case": doc.name, "status": "Scheduled"}
			)
		moved = bool(visit_doc.get("scheduled_time"))
		visit_doc.scheduled_time = when
		visit_doc.due_date = getdate(when)
		visit_doc.auto_scheduled = 0
		if mode:
			visit_doc.mode = mode
		visit_doc.save()
	when_text = frappe.utils.format_datetime(when, minute_format())
	return {
		"visit": visit_doc.name,
		"scheduled_time": visit_doc.scheduled_time,
		"message": (_("Visit moved to {0}.") if moved else _("Visit booked for {0}.")).format(when_text),
	}


def minute_format() -> str:
	"""The site's date format with hours and minutes (no seconds)."""
	return frappe.utils.get_user_date_format().replace("mm", "MM") + " HH:mm"


NOTICE_LABELS = {
	"no_time": lambda: _("No time agreed yet"),
	"not_told": lambda: _("Client not messaged (no consent or no address): phone them"),
	"notice_waiting": lambda: _("Message to the client waiting to go"),
	"reminded": lambda: _("Client reminded the day before"),
	"told": lambda: _("Client messaged with the time"),
}


def my_week(user: str, start=None) -> list[dict]:
	"""The user's Scheduled visits of the next seven days (from `start`, default today), in
	time order (a visit with no time yet after the timed ones of its day), with the client's
	name, address and what they have been told. Read in two queries."""
	first, last = week_days(getdate(start or today()))
	visit, case = frappe.qb.DocType("Follow-up Visit"), frappe.qb.DocType("Case")
	rows = (
		frappe.qb.from_(visit)
		.join(case)
		.on(case.name == visit.case)
		.select(
			visit.name,
			visit.case,
			visit.due_date,
			visit.scheduled_time,
			visit.mode,
			visit.notice_pending,
			visit.reminder_sent,
			visit.sms_reminder_sent,
			case.client,
			case.client_name,
		)
		.where(
			(case.caseworker == user)
			& (visit.status == "Scheduled")
			& (visit.due_date >= first)
			& (visit.due_date <= last)
		)
		.run(as_dict=True)
	)
	clients = {
		c.name: c
		for c in frappe.get_all(
			"Client",
			filters={"name": ("in", list({r.client for r in rows}) or [""])},
			fields=[
				"name",
				"address_line1",
				"address_line2",
				"city",
				"postal_code",
				"phone",
				"email",
				"ok_to_email",
				"ok_to_sms",
				"safe_to_text",
			],
		)
	}
	out = []
	for r in rows:
		c = clients.get(r.client) or frappe._dict()
		state = notice_state(
			booked=bool(r.scheduled_time),
			notice_pending=bool(r.notice_pending),
			reminded=bool(r.reminder_sent or r.sms_reminder_sent),
			can_email=bool(c.ok_to_email and c.email),
			can_text=bool(c.ok_to_sms and c.safe_to_text and c.phone),
		)
		address = ", ".join(x for x in (c.address_line1, c.address_line2, c.city, c.postal_code) if x)
		out.append({**r, "address": address, "notice_state": state, "notice": NOTICE_LABELS[state]()})
	out.sort(key=lambda r: (r["due_date"], r["scheduled_time"] is None, r["scheduled_time"] or 0, r["name"]))
	return out


def offer_times(case: str, visit: str, times: list[str | None]) -> dict:
	"""The times (up to three) the client may pick from through their link if they ask to move
	the visit; empty fields withdraw the offer. Rules: engine/visit_links.py offer_problem."""
	doc = case_for(case, "write")
	row = frappe.db.get_value("Follow-up Visit", visit, ["name", "case", "status"], as_dict=True)
	if not row or row.case != doc.name:
		frappe.throw(_("That visit is not one of this case's visits."), frappe.PermissionError)
	if row.status != "Scheduled":
		bad_input(_("Only a scheduled visit can be moved; this one is already {0}.").format(_(row.status)))
	parsed = []
	for value in times:
		if not value:
			continue
		try:
			parsed.append(get_datetime(value))
		except Exception:
			bad_input(_("Enter each time offered as a date and time."))
	visit_doc = frappe.get_doc("Follow-up Visit", visit)
	visit_doc.check_permission("write")
	for i, fieldname in enumerate(("offered_time_1", "offered_time_2", "offered_time_3")):
		visit_doc.set(fieldname, parsed[i] if i < len(parsed) else None)
	with atomic("portal_offer_times"):
		visit_doc.save()  # validate() applies the rules and refuses with the reason
	return {
		"visit": visit_doc.name,
		"message": _("{0} time(s) offered to the client.").format(len(parsed))
		if parsed
		else _("No times are offered now."),
	}
