"""Texts clients send back through the SMS gateway: checked, understood, stored once, acted on.

The webhook (api/inbound.py) hands the raw request here. Nothing is stored for a request
that is not signed with the settings' secret, is stale, too large or a message id already
seen. A genuine text is matched to clients by its E.164 number and read by the engine
(engine/inbound.py); the rules of what is done are the engine's `decide`. Everything is
written in the request's transaction (Frappe commits it at the end), and the answer texted
back (HELP, STOP, START) is sent from a background job after that commit.

No phone number or message text ever goes into an error, a log line or a ToDo description:
a ToDo points to the Inbound Message, which only the case's own people may read.
"""

import json
import time

import frappe
from frappe import _
from frappe.utils import cint, now_datetime, today

from case_management.engine import inbound as rules
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone
from case_management.utils import phone_region

SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
TASK = "Text from a client"
ADMIN_TASK = "Text that needs an admin"


class RequestTooLarge(frappe.ValidationError):
	http_status_code = 413


REFUSALS = {
	"not_configured": lambda: _("Incoming texts are not set up."),
	"unsigned": lambda: _("The request is not signed."),
	"stale": lambda: _("The request is too old or from the future."),
	"bad_signature": lambda: _("The request's signature does not match."),
}


def receive_request(body: bytes, headers, content_length: int | None) -> dict:
	"""Check, store and act on one posted text; raises for anything not genuine."""
	if (content_length or 0) > rules.MAX_BODY_BYTES or len(body) > rules.MAX_BODY_BYTES:
		raise RequestTooLarge(_("The request is too large."))
	settings = frappe.get_cached_doc("Case Management Settings")
	secret = settings.get_password("inbound_webhook_secret", raise_exception=False)
	problem = rules.check_signature(
		secret,
		headers.get(TIMESTAMP_HEADER),
		headers.get(SIGNATURE_HEADER),
		body,
		time.time(),
		cint(settings.inbound_window_seconds) or 300,
	)
	if problem == "too_large":
		raise RequestTooLarge(_("The request is too large."))
	if problem:
		frappe.throw(REFUSALS[problem](), frappe.PermissionError, title=_("Not permitted"))
	message_id, sender, text = parse(body)
	limit_sender(sender, cint(settings.inbound_per_sender_per_minute) or 20)
	if frappe.db.exists("Inbound Message", {"message_id": message_id}):
		return {"status": "duplicate"}  # a gateway retry: nothing stored, nothing done again
	return store_and_act(message_id, sender, text)


def parse(body: bytes) -> tuple[str, str, str]:
	"""The gateway's JSON: {"message_id": "...", "from": "...", "text": "..."}."""
	try:
		data = json.loads(body)
	except (ValueError, UnicodeDecodeError):
		data = None
	if not isinstance(data, dict):
		frappe.throw(_("The request must be a JSON object."), title=_("Invalid input"))
	values = [data.get(key) for key in ("message_id", "from", "text")]
	for key, value in zip(("message_id", "from", "text"), values, strict=True):
		if not isinstance(value, str) or (key != "text" and not value.strip()):
			frappe.throw(_("{0} must be text.").format(key), title=_("Invalid input"))
	message_id, sender = (rules.clean_text(v).strip()[:140] for v in values[:2])
	if not message_id or not sender:
		frappe.throw(_("message_id and from must be text."), title=_("Invalid input"))
	return message_id, sender, rules.clean_text(values[2])


def limit_sender(sender: str, per_minute: int) -> None:
	"""At most `per_minute` genuine texts a minute from one number (Frappe's rate limiter
	counts per IP: the gateway is one IP for every client)."""
	key = frappe.cache.make_key(f"rl:inbound-sender:{sender}")
	if not frappe.cache.get(key):
		frappe.cache.setex(key, 60, 0)
	if frappe.cache.incrby(key, 1) > per_minute:
		frappe.throw(_("Too many texts from this sender."), frappe.RateLimitExceededError)


def e164(sender: str) -> str:
	try:
		return normalize_phone(sender, phone_region()) or sender
	except InvalidPhoneNumber:
		return sender  # a short code or a name: no client has it


def clients_with(number: str) -> list[frappe._dict]:
	return frappe.get_all(
		"Client",
		filters={"name": ("is", "set")},
		or_filters={"phone": number, "alternate_phone": number},
		fields=["name", "sms_opted_out"],
		order_by="name",
	)


def store_and_act(message_id: str, sender: str, text: str) -> dict:
	number = e164(sender)
	clients = clients_with(number)
	match = rules.match_kind(len(clients))
	kind = rules.meaning(text, opted_out=any(c.sms_opted_out for c in clients))
	decision = rules.decide(kind, match)
	client = clients[0].name if match == rules.ONE else None
	case = open_case(client) if client else None
	doc = frappe.get_doc(
		{
			"doctype": "Inbound Message",
			"message_id": message_id,
			"received_at": now_datetime(),
			"from_number": number,
			"match": match,
			"client": client,
			"case": case,
			"meaning": kind,
			"body": text,
			"status": "Handled",
		}
	)
	frappe.db.savepoint("inbound_message")
	try:
		# Written by the system for the agency: the sender is not a user of the site.
		doc.insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		# The same message posted twice at once: the other request stored it and acts on it.
		frappe.db.rollback(save_point="inbound_message")
		return {"status": "duplicate"}
	outcome = act(doc, decision, [c.name for c in clients])
	doc.db_set(outcome, update_modified=False)
	if decision.reply:
		frappe.enqueue(
			"case_management.services.inbound.send_reply",
			queue="short",
			message=doc.name,
			enqueue_after_commit=True,
		)
	return {"status": "received", "message": doc.name}


def open_case(client: str) -> str | None:
	return frappe.db.get_value(
		"Case", {"client": client, "workflow_state": ("!=", "Closed")}, "name", order_by="creation desc"
	)


def act(doc, decision: rules.Decision, clients: list[str]) -> dict:
	"""Do what the engine decided; returns the message's status and outcome."""
	if decision.opt:
		set_opt_out(clients, decision.opt == "out", doc.meaning, doc.body)
		done = _("Texts stopped") if decision.opt == "out" else _("Texts resumed")
		done += " " + _("for {0} client(s) with this number.").format(len(clients))
		if decision.for_admin:
			return admin(doc, done + " " + _("No client has this number."))
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
			doc.db_set("visit", visit, update_modified=False)
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


def admin(doc, why: str) -> dict:
	for user in frappe.get_all(
		"Has Role",
		filters={"role": "Case Management Admin", "parenttype": "User"},
		pluck="parent",
		distinct=True,
	):
		if frappe.db.get_value("User", user, "enabled"):
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


def set_opt_out(clients: list[str], opted_out: bool, meaning: str, text: str | None) -> None:
	"""Opt every client with the number out (or back in), with time and source, kept in Version;
	their open visits stop (or resume) texts too. Written field by field rather than saved: an
	opt-out must hold even when some other field of an old record would not pass validation."""
	word = rules.normalize_reply(text)[:40]
	source = _("Text reply: {0}").format(word) if word else _("Text reply")
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
	"""Background job: text the answer to HELP, STOP or START back to the sender."""
	from case_management.services.safety import gateway_config, send_one

	number, text = reply_text(message)
	if not number:
		return
	settings = frappe.get_cached_doc("Case Management Settings")
	error = send_one(gateway_config(), number, text, cint(settings.sms_timeout_seconds) or 10)
	outcome = _("Answer texted.") if error is None else _("The answer could not be texted.")
	current = frappe.db.get_value("Inbound Message", message, "outcome") or ""
	frappe.db.set_value("Inbound Message", message, "outcome", f"{current} {outcome}".strip())
