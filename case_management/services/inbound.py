"""Texts clients send back through the SMS gateway: checked and stored once, on the request.

The webhook (api/inbound.py) hands the raw request here. Nothing is stored for a request
that is not signed with the settings' secret, is stale or too large; a message id already
stored is answered `duplicate` and nothing more is done. A genuine new text is stored as an
Inbound Message with the status *Received* and its number in E.164 form — and that is all the
request does: matching it to clients and acting on it (visits, tasks, opt-out, the answer
texted back: services/inbound_actions.py) is a background job queued after the commit
(jobs/inbound.py, one job for whatever has arrived), so the gateway gets its answer quickly
however busy the site is. A job that is lost (a worker killed, Redis restarted) is queued
again by the scheduler: a message does not stay *Received*.

No phone number or message text ever goes into an error, a log line or a ToDo description:
a ToDo points to the Inbound Message, which only the case's own people may read.
"""

import json
import time
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from case_management.engine import inbound as rules
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone
from case_management.services.limits import within_limit
from case_management.utils import phone_region

SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
# The gateway is one IP for every client: 50 texts a second, each posted twice as it retries.
PER_IP_PER_MINUTE = 6000
RECEIVED = "Received"  # stored, not acted on yet: the job (or the scheduler's retry) takes it


class RequestTooLarge(frappe.ValidationError):
	http_status_code = 413


REFUSALS = {
	"not_configured": lambda: _("Incoming texts are not set up."),
	"unsigned": lambda: _("The request is not signed."),
	"stale": lambda: _("The request is too old or from the future."),
	"bad_signature": lambda: _("The request's signature does not match."),
}


@dataclass(frozen=True)
class WebhookConfig:
	secret: str | None
	window_seconds: int
	per_sender_per_minute: int
	phone_region: str


# Per process and site: (the settings' `modified`, when read, the config). The secret is
# decrypted once, not on every request; a save of the settings changes `modified` (Frappe drops
# the cached settings on every worker), and CONFIG_SECONDS bounds what a change made behind
# Frappe's back (straight into the database) can take to show.
_configs: dict[str, tuple[str, float, WebhookConfig]] = {}
CONFIG_SECONDS = 60


def webhook_config() -> WebhookConfig:
	settings = frappe.get_cached_doc("Case Management Settings")
	stamp, now = str(settings.modified), time.monotonic()
	kept = _configs.get(frappe.local.site)
	if kept and kept[0] == stamp and now - kept[1] < CONFIG_SECONDS:
		return kept[2]
	config = WebhookConfig(
		settings.get_password("inbound_webhook_secret", raise_exception=False),
		cint(settings.inbound_window_seconds) or 300,
		cint(settings.inbound_per_sender_per_minute) or 20,
		settings.default_phone_region or "US",
	)
	_configs[frappe.local.site] = (stamp, now, config)
	return config


def receive_request(body: bytes, headers, content_length: int | None) -> dict:
	"""Check and store one posted text; raises for anything not genuine. Acting on it is
	queued for after the commit."""
	if not within_limit(f"inbound-ip:{frappe.local.request_ip}", PER_IP_PER_MINUTE):
		frappe.throw(_("Too many requests from this address."), frappe.RateLimitExceededError)
	if (content_length or 0) > rules.MAX_BODY_BYTES or len(body) > rules.MAX_BODY_BYTES:
		raise RequestTooLarge(_("The request is too large."))
	config = webhook_config()
	problem = rules.check_signature(
		config.secret,
		headers.get(TIMESTAMP_HEADER),
		headers.get(SIGNATURE_HEADER),
		body,
		time.time(),
		config.window_seconds,
	)
	if problem == "too_large":
		raise RequestTooLarge(_("The request is too large."))
	if problem:
		frappe.throw(REFUSALS[problem](), frappe.PermissionError, title=_("Not permitted"))
	message_id, sender, text = parse(body)
	if seen(message_id):
		# A gateway retry: nothing stored, nothing done again, and it does not count against
		# the sender (the first copy did).
		return {"status": "duplicate"}
	limit_sender(sender, config.per_sender_per_minute)
	return store(message_id, e164(sender, config.phone_region), text)


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


def seen(message_id: str) -> bool:
	"""Is a message with this gateway id stored already? (its unique index answers)"""
	return bool(
		frappe.db.sql("select 1 from `tabInbound Message` where message_id = %s limit 1", (message_id,))
	)


def limit_sender(sender: str, per_minute: int) -> None:
	"""At most `per_minute` new texts a minute from one number (the per-IP limit counts the
	gateway, which is one IP for every client)."""
	if not within_limit(f"inbound-sender:{sender}", per_minute):
		frappe.throw(_("Too many texts from this sender."), frappe.RateLimitExceededError)


def e164(sender: str, region: str | None = None) -> str:
	try:
		return normalize_phone(sender, region or phone_region()) or sender
	except InvalidPhoneNumber:
		return sender  # a short code or a name: no client has it


def store(message_id: str, number: str, text: str, act_now: bool = False) -> dict:
	"""Store the text from `number` (E.164 where it is a phone number) once, with the status
	Received, and queue acting on it after the commit; with `act_now` (the demo data, tests),
	act on it at once instead.

	The row is written straight into its table (`db_insert`), after the app's input rules
	(validation.check_document) — not through Frappe's `insert`, whose hooks (energy points,
	assignment rules, notifications, webhooks, Server Scripts, the desk's list refresh) cost a
	new text more than everything else the request does. The record's own events run in the job
	instead, once the text has been matched and read (services/inbound_actions.act)."""
	from case_management.validation import check_document

	values = {
		"doctype": "Inbound Message",
		"message_id": message_id,
		"received_at": now_datetime(),
		"from_number": number,
		"body": text,
		"source": "Text",
		"status": RECEIVED,
	}
	for _attempt in range(3):
		doc = frappe.get_doc(values)
		doc.set_new_name()  # InboundMessage.autoname: random, no naming-series row to wait for
		doc.set_user_and_timestamp()
		check_document(doc)
		frappe.db.savepoint("inbound_message")
		try:
			doc.db_insert()
			break
		except frappe.UniqueValidationError:
			# The same message posted twice at once: the other request stored it (its insert held
			# the unique index on message_id until it committed) and it is acted on once.
			frappe.db.rollback(save_point="inbound_message")
			frappe.clear_messages()
			return {"status": "duplicate"}
		except frappe.DuplicateEntryError:
			# The random name was taken: another name, same text.
			frappe.db.rollback(save_point="inbound_message")
			frappe.clear_messages()
	else:
		frappe.throw(_("The text could not be stored; the gateway may send it again."))
	if act_now:
		from case_management.services.inbound_actions import act

		act(doc.name)
	else:
		from case_management.jobs.inbound import queue_pending

		frappe.db.after_commit.add(queue_pending)
	return {"status": "received", "message": doc.name}


def store_and_act(message_id: str, sender: str, text: str) -> dict:
	"""Store a text and act on it in this transaction (the demo's texts, tests)."""
	return store(message_id, e164(sender), text, act_now=True)
