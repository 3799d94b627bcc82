"""The client's own page (/my-page?token=…): the link the caseworker sends, and what the page
does (issue #21).

One link per case. The caseworker sends it by hand from the case page, by text or email, only
to a channel the client consented to and marked safe (engine/visit_links.py channel_problem).
The case keeps only the token's hash and when the link stops working; sending a new link ends
the old one. Revoking it also ends every visit link of the case: a link is revoked because the
phone or mailbox is no longer the client's alone, and the reminders went there too.

The page shows only the case's upcoming visits (confirm or ask to move them), the service-plan
goals in plain words, the caseworker's first name and the agency's phone, and a box to write
to the caseworker (kept as an Inbound Message with a ToDo). A link that does not work gets the
visit link's one plain sentence, whatever the reason. Rules: engine/client_page.py.
"""

import secrets

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, get_url, getdate, now_datetime, today

from case_management.engine import client_page as rules
from case_management.engine.visit_links import EMAIL, SMS, channel_problem, first_name
from case_management.services.opt_out import is_opted_out
from case_management.services.portal.common import atomic, bad_input, case_for
from case_management.services.visit_links import (
	OFFERED,
	in_language,
	link_not_working,
	page_language,
	record_answer,
	revoke_link,
	staff_language,
)
from case_management.utils import shown_phone

PAGE = "/my-page"
TASK = "Message from the client's page"
CHANNELS = (SMS, EMAIL)


def channel_refusal(problem: str) -> str:
	return {
		"no_phone": _("The client has no phone number on record."),
		"no_sms_consent": _("The client has not agreed to texts: the link cannot be texted."),
		"not_safe_to_text": _("The client's phone is not marked safe to text: the link cannot be texted."),
		"opted_out": _("The client replied STOP to texts: the link cannot be texted."),
		"no_email": _("The client has no email address on record."),
		"no_email_consent": _("The client has not agreed to email: the link cannot be emailed."),
		"unknown_channel": _("Choose text or email."),
	}[problem]


def send_link(case: str, channel: str) -> dict:
	"""Make the case's page link and send it to the client by `channel` now (the caseworker
	sends it by hand, often with the client, so quiet hours do not hold it back). Refused, with
	the reason and nothing saved, when the client did not consent to that channel."""
	doc = case_for(case, "write")
	if doc.workflow_state == "Closed":
		bad_input(_("The case is closed: the client has no page to send."))
	client = frappe.db.get_value(
		"Client",
		doc.client,
		["phone", "email", "ok_to_sms", "safe_to_text", "sms_opted_out", "ok_to_email", "language"],
		as_dict=True,
	)
	problem = channel_problem(
		channel,
		phone=client.phone,
		ok_to_sms=bool(client.ok_to_sms),
		safe_to_text=bool(client.safe_to_text),
		opted_out=bool(client.sms_opted_out) or is_opted_out(client.phone),
		email=client.email,
		ok_to_email=bool(client.ok_to_email),
	)
	if problem:
		bad_input(channel_refusal(problem))
	if channel == EMAIL:
		from case_management.services.referrals import outgoing_account_exists

		if not outgoing_account_exists():
			bad_input(
				_("No outgoing email account is set up: send the link by text, or ask an administrator.")
			)
	settings = frappe.get_cached_doc("Case Management Settings")
	lang = page_language(client.language)
	with atomic("client_page_link"):
		link, expires = issue_page_link(doc, channel)
		values = {
			"agency_name": settings.agency_name or "",
			"agency_phone": settings.agency_phone or "",
			"link": link,
			"expires": frappe.utils.formatdate(expires),
			"lang": lang,
		}
		text = frappe.render_template(settings.client_page_text or "{{ link }}", values)
		if channel == SMS:
			deliver_text(client.phone, text)
		else:
			with in_language(lang):
				subject = _("Your page at {0}").format(settings.agency_name or "")
			frappe.sendmail(
				recipients=[client.email],
				subject=subject,
				message=frappe.utils.escape_html(text).replace(
					frappe.utils.escape_html(values["link"]),
					f'<a href="{values["link"]}">{values["link"]}</a>',
				),
				reference_doctype="Case",
				reference_name=doc.name,
			)
		doc.add_comment(
			"Info",
			_("The client's page link was sent by {0}; it works until {1}.").format(
				_("text") if channel == SMS else _("email"), frappe.utils.format_datetime(expires)
			),
		)
	said = _("Link sent by text.") if channel == SMS else _("Link emailed.")
	return {
		"expires": expires,
		"message": said + " " + _("It works until {0}.").format(frappe.utils.format_datetime(expires)),
	}


def issue_page_link(doc, channel: str) -> tuple[str, object]:
	"""A new page link for the case (ending the one before): (link, when it stops working)."""
	token, token_hash = rules.new_token()
	now = now_datetime()
	days = cint(frappe.db.get_single_value("Case Management Settings", "client_page_days")) or 14
	expires = rules.link_expiry(now, days)
	doc.db_set(
		{
			"client_page_hash": token_hash,
			"client_page_expires": expires,
			"client_page_sent_on": now,
			"client_page_channel": channel,
		},
		update_modified=False,
	)
	return get_url(f"{PAGE}?token={token}"), expires


def deliver_text(phone: str, text: str) -> None:
	"""Text now; a gateway that does not take it undoes the link (the caller's savepoint)."""
	from case_management.services.safety import gateway_config, send_one

	timeout = cint(frappe.db.get_single_value("Case Management Settings", "sms_timeout_seconds")) or 10
	if send_one(gateway_config(), phone, text, timeout) is not None:
		# the gateway's answer may carry the number: it is not repeated here
		frappe.throw(
			_("The text could not be sent (the SMS gateway did not take it). No link was made."),
			title=_("Not sent"),
		)


def revoke(case: str) -> dict:
	"""End the case's page link and every visit link of the case at once."""
	doc = case_for(case, "write")
	doc.db_set({"client_page_hash": None, "client_page_expires": None}, update_modified=False)
	visits = frappe.get_all(
		"Follow-up Visit", filters={"case": doc.name, "client_link_hash": ("is", "set")}, pluck="name"
	)
	for visit in visits:
		revoke_link(visit)
	doc.add_comment("Info", _("The client's page link and the case's visit links were revoked."))
	return {"message": _("The client's page link no longer works, nor do the links of the case's visits.")}


def revoke_visit(case: str, visit: str) -> dict:
	"""End one visit's link (the one in its reminder)."""
	doc = case_for(case, "write")
	if frappe.db.get_value("Follow-up Visit", visit, "case") != doc.name:
		frappe.throw(_("That visit is not one of this case's visits."), frappe.PermissionError)
	revoke_link(visit)
	frappe.get_doc("Follow-up Visit", visit).add_comment(
		"Info", _("The client's link to this visit was revoked.")
	)
	return {"message": _("The link to this visit no longer works.")}


def check_page(token: str | None) -> frappe._dict:
	"""The case the link opens, or the one plain refusal (a PermissionError) for every reason."""
	token = token if isinstance(token, str) and len(token) <= 200 else ""
	row = None
	if token:
		row = frappe.db.get_value(
			"Case",
			{"client_page_hash": rules.hash_token(token)},
			["name", "client", "caseworker", "workflow_state", "client_page_hash", "client_page_expires"],
			as_dict=True,
		)
	if not row:
		link_not_working()
	expires = get_datetime(row.client_page_expires) if row.client_page_expires else None
	closed = row.workflow_state == "Closed"
	if rules.page_problem(token, row.client_page_hash, expires, closed, now_datetime()):
		link_not_working()
	return row


def visit_time(row):
	if row.scheduled_time:
		return get_datetime(row.scheduled_time)
	return get_datetime(f"{row.due_date} 23:59:59") if row.due_date else None


def page_context(row) -> frappe._dict:
	"""All the page shows, and nothing else."""
	settings = frappe.db.get_value(
		"Case Management Settings", None, ["agency_name", "agency_phone"], as_dict=True
	)
	now = now_datetime()
	visits = frappe.get_all(
		"Follow-up Visit",
		filters={"case": row.name, "status": "Scheduled", "due_date": (">=", getdate(today()))},
		fields=["name", "case", "status", "due_date", "scheduled_time", "mode", "client_response", *OFFERED],
		order_by="due_date asc, scheduled_time asc",
		limit=10,
	)
	upcoming = []
	for v in visits:
		if rules.visit_problem(v.case, row.name, v.status, visit_time(v), now):
			continue
		offered = [get_datetime(v.get(f)) for f in OFFERED if v.get(f)]
		upcoming.append(
			frappe._dict(
				name=v.name,
				due_date=v.due_date,
				scheduled_time=v.scheduled_time,
				mode=v.mode,
				response=v.client_response,
				offered=[t for t in offered if t > now],
			)
		)
	goals = frappe.get_all(
		"Case Goal",
		filters={"parent": row.name, "parenttype": "Case"},
		fields=["goal", "status", "target_date"],
		order_by="idx",
	)
	done, counted = rules.goal_progress([g.status for g in goals])
	language = frappe.db.get_value("Client", row.client, "language")
	caseworker = frappe.db.get_value("User", row.caseworker, "first_name") if row.caseworker else ""
	return frappe._dict(
		visits=upcoming,
		goals=[
			frappe._dict(goal=g.goal, words=rules.goal_words(g.status), status=g.status, target=g.target_date)
			for g in goals
		],
		done=done,
		counted=counted,
		caseworker=first_name(caseworker),
		agency_name=settings.agency_name or "",
		agency_phone=settings.agency_phone or "",
		agency_phone_shown=shown_phone(settings.agency_phone),
		max_chars=cint(frappe.db.get_single_value("Case Management Settings", "client_page_message_chars"))
		or rules.DEFAULT_MESSAGE_CHARS,
		lang=page_language(language),
	)


def respond(token: str, visit: str, action: str, chosen: str | None, preferred: str | None) -> dict:
	"""Confirm one of the case's upcoming visits, or ask to move it, from the client's page."""
	row = check_page(token)
	with in_language(client_language(row)):  # what the client is told, in their language
		return answer_from_page(row, visit, action, chosen, preferred)


def answer_from_page(row, visit: str, action: str, chosen: str | None, preferred: str | None) -> dict:
	if action not in rules.PAGE_ACTIONS:
		bad_input(_("Choose confirm or ask for another time."))
	v = frappe.db.get_value(
		"Follow-up Visit", visit or "", ["case", "status", "scheduled_time", "due_date"], as_dict=True
	)
	if not v or rules.visit_problem(v.case, row.name, v.status, visit_time(v), now_datetime()):
		link_not_working()
	return record_answer(visit, action, chosen, preferred, from_page=True)


def send_message(token: str, message: str | None) -> dict:
	"""Keep the client's message on their case as an Inbound Message; the caseworker gets a ToDo
	that names the message, never its text."""
	row = check_page(token)
	with in_language(client_language(row)):  # what the client is told, in their language
		return keep_message(row, message)


def client_language(row) -> str:
	return page_language(frappe.db.get_value("Client", row.client, "language"))


def keep_message(row, message: str | None) -> dict:
	from case_management.services.inbound_actions import notify

	limit = (
		cint(frappe.db.get_single_value("Case Management Settings", "client_page_message_chars"))
		or rules.DEFAULT_MESSAGE_CHARS
	)
	problem = rules.message_problem(message, limit)
	if problem:
		bad_input(
			_("Please write your message.")
			if problem == "empty"
			else _("Please keep your message to {0} characters.").format(limit)
		)
	doc = frappe.get_doc(
		{
			"doctype": "Inbound Message",
			"message_id": f"page-{secrets.token_hex(16)}",
			"received_at": now_datetime(),
			"match": "One client",
			"client": row.client,
			"case": row.name,
			"meaning": "Free text",
			"source": "Client page",
			"body": rules.clean_message(message),
			"status": "Needs caseworker",
			"outcome": "Sent from the client's page; the caseworker has a task.",
		}
	)
	doc.insert(ignore_permissions=True)  # the client is not a user; the page's token was checked
	with in_language(staff_language()):
		notify(row.caseworker, "Inbound Message", doc.name, TASK)
	return {"message": _("Sent. Your caseworker will read it.")}
