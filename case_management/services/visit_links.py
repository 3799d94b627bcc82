"""A client's link to answer about one visit: confirm it, ask to move it, or cancel it.

The link carries a random token; the visit keeps only its hash and when it expires
(`client_link_hash`, `client_link_expires`), as the partner links do. The reminder job makes a
fresh link just before a reminder goes out and hands it to the Notification texts as
`doc.confirm_link`. Every use is kept on the visit (a note, and the change in its history);
a reschedule or a cancel gives the caseworker a ToDo. Rules: engine/visit_links.py.

No answer here names the client: a link that does not work gets one plain sentence whatever
the reason, so it cannot be used to learn whether a visit exists or what became of it.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, get_url, now_datetime

from case_management.engine import visit_links as rules
from case_management.utils import shown_phone

OFFERED = ("offered_time_1", "offered_time_2", "offered_time_3")
PAGE = "/visit"


def link_not_working() -> None:
	frappe.throw(
		_("This link no longer works. Nothing was changed. Please call your caseworker's office."),
		frappe.PermissionError,
		title=_("Link not working"),
	)


def dead_link_page(context):
	"""The one plain page every link that no longer works gets (a visit's link or the client's
	page link), whatever the reason: nothing about the visit, the case or the client."""
	frappe.clear_messages()
	context.http_status_code = 410
	context.error = True
	context.lang = frappe.local.lang or "en"  # <html lang>: the request's language
	context.agency_phone = frappe.db.get_single_value("Case Management Settings", "agency_phone") or ""
	context.agency_phone_shown = shown_phone(context.agency_phone)
	context.title = _("Link not working")
	return context


def issue_link(doc) -> str:
	"""A new link for the visit; it replaces any earlier one (which stops working)."""
	token, token_hash = rules.new_token()
	days = cint(frappe.db.get_single_value("Case Management Settings", "client_link_days")) or 7
	expires = rules.link_expiry(now_datetime(), days)
	doc.db_set({"client_link_hash": token_hash, "client_link_expires": expires}, update_modified=False)
	return get_url(f"{PAGE}?visit={doc.name}&token={token}")


def revoke_link(visit: str) -> None:
	frappe.db.set_value(
		"Follow-up Visit",
		visit,
		{"client_link_hash": None, "client_link_expires": None},
		update_modified=False,
	)


def check_link(visit: str, token: str) -> frappe._dict:
	"""The visit the link opens, or the one refusal (a PermissionError) for every reason."""
	row = frappe.db.get_value(
		"Follow-up Visit",
		visit or "",
		["name", "status", "scheduled_time", "due_date", "client_link_hash", "client_link_expires"],
		as_dict=True,
	)
	if not row:
		link_not_working()
	when = get_datetime(row.scheduled_time) if row.scheduled_time else None
	if when is None and row.due_date:  # no time agreed yet: the day counts until its end
		when = get_datetime(f"{row.due_date} 23:59:59")
	expires = get_datetime(row.client_link_expires) if row.client_link_expires else None
	if rules.link_problem(token, row.client_link_hash, expires, row.status, when, now_datetime()):
		link_not_working()
	return row


def offered_times(doc) -> list:
	return [get_datetime(doc.get(f)) for f in OFFERED if doc.get(f)]


def validate_offered_times(doc) -> None:
	"""The times a caseworker offers (desk or portal): up to three, ahead, distinct."""
	if not any(doc.has_value_changed(f) for f in OFFERED):
		return
	problem = rules.offer_problem(offered_times(doc), now_datetime())
	if problem:
		frappe.throw(
			{
				"too_many": _("Offer at most three times."),
				"past": _("A time offered to the client must be in the future."),
				"too_far": _("A time offered to the client must be within the coming year."),
				"repeated": _("The same time is offered twice."),
			}[problem],
			title=_("Times offered"),
		)


def answer_error(problem: str) -> str:
	return {
		"unknown_action": _("Choose confirm, reschedule or cancel."),
		"choose_or_write": _("Choose one of the times offered, or write the time you would prefer."),
		"not_offered": _("That time is not one of the times offered. Please choose again."),
		"offer_passed": _("That time has already passed. Please choose another."),
		"too_long": _("Please write the time you would prefer in at most 200 characters."),
	}[problem]


def answer(visit: str, token: str, action: str, chosen: str | None, preferred: str | None) -> dict:
	"""Take a client's answer through their link; returns what the page shows next. Once the
	link is known good, what the client is told is in their language (a refusal before that is
	in the page's, which the page sends as _lang)."""
	check_link(visit, token)
	language = frappe.db.get_value("Follow-up Visit", visit, "client_language")
	with in_language(page_language(language)):
		return record_answer(visit, action, chosen, preferred)


def record_answer(
	visit: str, action: str, chosen: str | None, preferred: str | None, from_page: bool = False
) -> dict:
	"""Keep a client's answer on the visit, whose link (or the client's page) the caller checked.
	`from_page`: the answer came from the client's own page (services/client_page.py)."""
	doc = frappe.get_doc("Follow-up Visit", visit)
	try:
		chosen_time = get_datetime(chosen) if chosen else None
		problem = rules.answer_problem(action, chosen_time, preferred, offered_times(doc), now_datetime())
	except (ValueError, TypeError, frappe.ValidationError):
		chosen_time, problem = None, "not_offered"  # not a time at all: not one offered either
	if problem:
		frappe.throw(answer_error(problem), title=_("Please check your answer"))
	rescheduling = action == rules.RESCHEDULE
	written = " ".join((preferred or "").split())
	doc.client_response = rules.RESPONSES[action]
	doc.client_response_at = now_datetime()
	doc.client_chosen_time = chosen_time if rescheduling else None
	doc.client_preferred_time = written if rescheduling and not chosen_time else None
	doc.flags.client_answer = True
	# The client is not a user; the link's token was checked above. Saving keeps the change in
	# the visit's history (Version), who answered is said in the note below.
	doc.save(ignore_permissions=True)
	with in_language(staff_language()):  # the record is for the staff, whatever the client reads
		record_for_staff(doc, action, from_page)
	return {"response": doc.client_response}


def record_for_staff(doc, action: str, from_page: bool) -> None:
	said = (
		_("The client answered on their page: {0}.")
		if from_page
		else _("The client answered through their link: {0}.")
	)
	doc.add_comment("Info", said.format(_(doc.client_response)))
	if action != rules.CONFIRM:
		task = (
			_("The client asked through their link to move this visit")
			if action == rules.RESCHEDULE
			else _("The client cancelled this visit through their link")
		)
		notify_caseworker(doc, task)


@contextmanager
def in_language(lang: str):
	"""Every _() inside speaks `lang`, then the request's language again."""
	before = frappe.local.lang
	frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = before


def staff_language() -> str:
	return frappe.db.get_default("lang") or "en"


def notify_caseworker(doc, task: str) -> None:
	from case_management.services.inbound_actions import notify

	notify(frappe.db.get_value("Case", doc.case, "caseworker"), "Follow-up Visit", doc.name, task)


def page_context(row) -> frappe._dict:
	"""All the visit page shows: the time and mode, the agency's name and phone, the
	caseworker's first name, the client's language and the times offered."""
	visit = frappe.db.get_value(
		"Follow-up Visit",
		row.name,
		["name", "case", "mode", "scheduled_time", "due_date", "client_language", "client_response"]
		+ list(OFFERED),
		as_dict=True,
	)
	settings = frappe.db.get_value(
		"Case Management Settings", None, ["agency_name", "agency_phone"], as_dict=True
	)
	caseworker = frappe.db.get_value("Case", visit.case, "caseworker")
	first = frappe.db.get_value("User", caseworker, "first_name") if caseworker else ""
	now = now_datetime()
	return frappe._dict(
		name=visit.name,
		mode=visit.mode,
		scheduled_time=visit.scheduled_time,
		due_date=visit.due_date,
		response=visit.client_response,
		offered=[
			get_datetime(visit.get(f)) for f in OFFERED if visit.get(f) and get_datetime(visit.get(f)) > now
		],
		agency_name=settings.agency_name or "",
		agency_phone=settings.agency_phone or "",
		agency_phone_shown=shown_phone(settings.agency_phone),
		caseworker=rules.first_name(first),
		lang=page_language(visit.client_language),
	)


def page_language(language: str | None) -> str:
	"""English or Spanish, the two languages the client's pages are written in."""
	return "es" if (language or "").lower().startswith("es") else "en"
