"""Acting on a stored text (a background job): who sent it, what it means, what is done.

The webhook (services/inbound.py) stores each new text as an Inbound Message with the status
*Received*; after its commit a job (jobs/inbound.py) calls `act` for every message Received.
`act` matches the number to clients (E.164 phone,
main or alternate), reads the reply (engine/inbound.py `meaning`), and does what the engine's
`decide` says: confirm or ask to move the client's next visit, file the text on the open case
for the caseworker, keep it for an admin when no single client has the number, record a STOP or
START in the agency's opt-out list (services/opt_out.py) and on every client with the number,
and queue the answer texted back (HELP, STOP, START). The message then leaves *Received* for
*Handled*, *Needs caseworker* or *Needs admin*, in the same transaction as what was done.

`act` is safe to run twice: it locks the message and does nothing unless it is still
*Received*. It runs the record's insert and save events once it has acted (the webhook wrote the
row directly). `retry_received` (the scheduler, every minute) queues the job again when a message
has been *Received* for longer than RETRY_AFTER_MINUTES (its job lost with a worker or with
Redis, or failed: the Error Log says why); one still Received after RETRY_FOR_HOURS is left to
an admin, who sees it as *Received* in the list.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, now_datetime, today

from case_management.engine import inbound as rules
from case_management.services import opt_out
from case_management.services.inbound import RECEIVED

TASK = "Text from a client"
ADMIN_TASK = "Text that needs an admin"
RETRY_AFTER_MINUTES = 2
RETRY_FOR_HOURS = 24


def act(message: str) -> None:
	"""Job: match and act on one stored text, once."""
	row = frappe.db.get_value(
		"Inbound Message", message, ["name", "status", "from_number", "body"], as_dict=True, for_update=True
	)
	if not row or row.status != RECEIVED:
		return  # acted on already (a second copy of the job, or the scheduler's retry)
	number = row.from_number
	clients = clients_with(number)
	match = rules.match_kind(len(clients))
	stopped = any(c.sms_opted_out for c in clients) or opt_out.is_opted_out(number)
	kind = rules.meaning(row.body, opted_out=stopped)
	contact = match == rules.UNKNOWN and kind in (rules.OPT_OUT, rules.OPT_IN) and contact_count(number) > 0
	decision = rules.decide(kind, match, known_contact=contact)
	client = clients[0].name if match == rules.ONE else None
	case = open_case(client) if client else None
	doc = frappe.get_doc("Inbound Message", message)
	found = {
		"match": match,
		"client": client,
		"case": case,
		"client_name": frappe.db.get_value("Case", case, "client_name") if case else None,
		"meaning": kind,
	}
	doc.update(found)
	outcome = handle(doc, decision, [c.name for c in clients])
	# Written by the system in one update; the record is read-only for everyone else.
	doc.db_set({**found, "visit": doc.visit, **outcome})
	# The record's events, which the webhook's direct insert did not run, now that the text is
	# matched and read: Server Scripts (After Insert, After Save), Notifications (New, Save) and
	# webhooks an agency sets on Inbound Message see it as staff will.
	doc.run_method("after_insert")
	doc.run_method("on_update")
	if decision.reply:
		frappe.enqueue(
			"case_management.services.inbound_actions.send_reply",
			queue="short",
			message=doc.name,
			enqueue_after_commit=True,
		)


def retry_received() -> bool:
	"""Scheduler (every minute): queue the job again when messages are still Received a while
	after they came (their job was lost or failed); returns whether it did."""
	from case_management.jobs.inbound import ACT_PENDING

	now = now_datetime()
	late = frappe.get_all(
		"Inbound Message",
		filters=[
			["status", "=", RECEIVED],
			["received_at", "<", add_to_date(now, minutes=-RETRY_AFTER_MINUTES)],
			["received_at", ">", add_to_date(now, hours=-RETRY_FOR_HOURS)],
		],
		pluck="name",
		limit=1,
	)
	if late:
		frappe.enqueue(ACT_PENDING, queue="short", job_id="inbound-act-retry", deduplicate=True)
	return bool(late)


def clients_with(number: str) -> list[frappe._dict]:
	"""The clients whose main or alternate phone is the number (both indexed)."""
	return frappe.db.sql(
		"""select name, sms_opted_out from tabClient where phone = %(number)s
		union select name, sms_opted_out from tabClient where alternate_phone = %(number)s
		order by name""",
		{"number": number},
		as_dict=True,
	)


def contact_count(number: str) -> int:
	"""How many emergency-contact rows carry the number."""
	return frappe.db.count("Client Emergency Contact", {"phone": number, "parenttype": "Client"})


def open_case(client: str) -> str | None:
	return frappe.db.get_value(
		"Case", {"client": client, "workflow_state": ("!=", "Closed")}, "name", order_by="creation desc"
	)


def handle(doc, decision: rules.Decision, clients: list[str]) -> dict:
	"""Do what the engine decided; returns the message's status and outcome."""
	if decision.opt:
		opted_out = decision.opt == "out"
		source = opt_source(doc.body)
		opt_out.record(doc.from_number, opted_out, source, doc.name)
		set_opt_out(clients, opted_out, source)
		done = _("Texts stopped") if opted_out else _("Texts resumed")
		done += " " + _("for this number (the agency's opt-out list) and {0} client(s) with it.").format(
			len(clients)
		)
		if decision.for_admin:
			return admin(doc, done + " " + _("No client or emergency contact has this number."))
		return {"status": "Handled", "outcome": done}
	if decision.reply == rules.HELP:
		return {"status": "Handled", "outcome": _("Answered with the agency's name and phone.")}
	if decision.for_admin:
		why = (
			_("No client has this number.")
			if doc.match == rules.UNKNOWN
			else _("Several clients have this number: no client was chosen.")
		)
		return admin(doc, why)
	if not doc.case:
		return admin(doc, _("The client has no open case."))
	caseworker = frappe.db.get_value("Case", doc.case, "caseworker")
	if doc.meaning in (rules.CONFIRM, rules.RESCHEDULE):
		visit = next_visit(doc.case)
		if visit:
			doc.visit = visit
			return answer_visit(doc, visit, caseworker)
	notify(caseworker, "Inbound Message", doc.name, TASK)
	if doc.meaning == rules.FREE_TEXT:
		return {"status": "Needs caseworker", "outcome": _("Kept on the case; the caseworker has a task.")}
	return {
		"status": "Needs caseworker",
		"outcome": _("There is no upcoming visit to answer; the caseworker has a task."),
	}


def next_visit(case: str) -> str | None:
	return frappe.db.get_value(
		"Follow-up Visit",
		{"case": case, "status": "Scheduled", "due_date": (">=", today())},
		"name",
		order_by="due_date asc, scheduled_time asc",
	)


def answer_visit(doc, visit: str, caseworker: str | None) -> dict:
	confirmed = doc.meaning == rules.CONFIRM
	response = "Confirmed" if confirmed else "Asked to reschedule"
	frappe.db.set_value(
		"Follow-up Visit", visit, {"client_response": response, "client_response_at": now_datetime()}
	)
	visit_doc = frappe.get_doc("Follow-up Visit", visit)
	visit_doc.add_comment("Info", _("The client answered by text: {0} ({1}).").format(_(response), doc.name))
	if confirmed:
		return {"status": "Handled", "outcome": _("Visit {0} confirmed.").format(visit)}
	notify(caseworker, "Follow-up Visit", visit, _("The client asked by text to reschedule this visit"))
	return {
		"status": "Needs caseworker",
		"outcome": _("Visit {0}: the caseworker has a task to reschedule it.").format(visit),
	}


def admins() -> list[str]:
	"""The enabled users with the Case Management Admin role (one query)."""
	return frappe.db.sql_list(
		"""select distinct r.parent from `tabHas Role` r join tabUser u on u.name = r.parent
		where r.role = 'Case Management Admin' and r.parenttype = 'User' and u.enabled = 1
		order by r.parent"""
	)


def admin(doc, why: str) -> dict:
	for user in admins():
		notify(user, "Inbound Message", doc.name, ADMIN_TASK)
	return {"status": "Needs admin", "outcome": why}


def notify(user: str | None, doctype: str, name: str, task: str) -> None:
	"""A ToDo for `user` about the record; it names the record, never the text or number."""
	if not user:
		return
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": doctype,
			"reference_name": name,
			"priority": "High" if doctype == "Inbound Message" else "Medium",
			"description": f"{task} ({name})",
		}
	).insert(ignore_permissions=True)  # raised by the system for the people of the case


def opt_source(text: str | None) -> str:
	word = rules.normalize_reply(text)[:40]
	return _("Text reply: {0}").format(word) if word else _("Text reply")


def set_opt_out(clients: list[str], opted_out: bool, source: str) -> None:
	"""Opt every client with the number out (or back in), with time and source, kept in Version;
	their open visits stop (or resume) texts too. Written field by field rather than saved: an
	opt-out must hold even when some other field of an old record would not pass validation."""
	for name in clients:
		before = frappe.get_doc("Client", name)
		if bool(before.sms_opted_out) == opted_out:
			continue
		values = {
			"sms_opted_out": int(opted_out),
			"sms_opt_out_at": now_datetime(),
			"sms_opt_out_source": source,
		}
		after = frappe.copy_doc(before, ignore_no_copy=True)
		after.name = name
		after.update(values)
		frappe.db.set_value("Client", name, values)
		version = frappe.new_doc("Version")
		if version.update_version_info(before, after):
			version.insert(ignore_permissions=True)  # the client's own request, not a user's edit
		frappe.db.set_value(
			"Follow-up Visit",
			{"client": name, "status": "Scheduled"},
			"sms_opted_out",
			int(opted_out),
			update_modified=False,
		)


def reply_text(message: str) -> tuple[str | None, str | None]:
	"""(number, text) to answer a message with, or (None, None)."""
	doc = frappe.db.get_value("Inbound Message", message, ["from_number", "meaning"], as_dict=True)
	settings = frappe.get_cached_doc("Case Management Settings")
	field = {rules.HELP: "sms_help_reply", rules.OPT_OUT: "sms_stop_reply", rules.OPT_IN: "sms_start_reply"}
	template = settings.get(field.get(doc.meaning, "")) if doc else None
	if not template:
		return None, None
	values = {"agency_name": settings.agency_name or "", "agency_phone": settings.agency_phone or ""}
	return doc.from_number, frappe.render_template(template, values)


def send_reply(message: str) -> None:
	"""Background job: text the answer to HELP, STOP or START back to the sender. These answers
	go even to a number on the opt-out list: the one confirming a STOP, and HELP's, are the
	texts carriers require a sender to answer with."""
	from case_management.services.safety import gateway_config, send_one

	number, text = reply_text(message)
	if not number:
		return
	settings = frappe.get_cached_doc("Case Management Settings")
	error = send_one(gateway_config(), number, text, cint(settings.sms_timeout_seconds) or 10)
	outcome = _("Answer texted.") if error is None else _("The answer could not be texted.")
	current = frappe.db.get_value("Inbound Message", message, "outcome") or ""
	frappe.db.set_value("Inbound Message", message, "outcome", f"{current} {outcome}".strip())
