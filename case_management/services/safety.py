"""Safety-alert texts: raised on a case, sent from a background job through the gateway in
Frappe's SMS Settings, retried with backoff, and flagged to people when they cannot be sent.

Nothing here runs on the request that raises the alert: the alert and its recipients are
written, and delivery is queued after the commit. Every recipient ends Sent or Failed, and
a Failed recipient (or an alert with nobody to send to) gives the caseworker and the
supervisor a ToDo: no alert is ever dropped silently. Quiet hours never delay an alert.
"""

import frappe
import requests
from frappe import _
from frappe.core.doctype.sms_settings.sms_settings import get_headers
from frappe.utils import cint, get_datetime, now_datetime

from case_management.engine.messaging import (
	backoff,
	crosses_trigger,
	empty_placeholders,
	safety_recipients,
	split_opted_out,
)
from case_management.services.opt_out import opted_out_numbers

FLAG_TASK = "Safety alert could not be delivered"
CALL_TASK = "Call the client: safety alert not texted"
CALL_CONTACT_TASK = "Call the emergency contact: safety alert not texted"


def maybe_raise_on_risk_change(case: str, before: str | None, after: str | None) -> str | None:
	trigger = frappe.db.get_single_value("Case Management Settings", "safety_alert_trigger_level") or "High"
	if crosses_trigger(before, after, trigger):
		return raise_alert(
			case, "Automatic", note=_("Risk level rose from {0} to {1}").format(before or "-", after)
		)
	return None


def raise_alert(case: str, trigger: str, note: str | None = None) -> str:
	"""Write the alert and its recipients now; send from a background job after commit."""
	info = frappe.db.get_value("Case", case, ["client", "risk_level", "caseworker"], as_dict=True)
	client = frappe.db.get_value(
		"Client",
		info.client,
		["full_name", "first_name", "phone", "safe_to_text", "sms_opted_out"],
		as_dict=True,
	)
	contacts = frappe.get_all(
		"Client Emergency Contact",
		filters={"parent": info.client, "parenttype": "Client"},
		fields=["full_name", "phone", "receives_safety_alerts"],
		order_by="idx",
	)
	everyone = safety_recipients(client, contacts)
	# A number on the agency's opt-out list (a client's or a contact's STOP), or the client's own
	# opt-out, is never texted, not even an alert: the people behind it are called instead.
	stopped_numbers = opted_out_numbers(r.phone for r in everyone)
	if client.sms_opted_out and client.phone:
		stopped_numbers.add(client.phone)
	recipients, stopped = split_opted_out(everyone, stopped_numbers)
	message, blank = render_message(case, client, info.caseworker)
	held = bool(recipients and blank)
	alert = frappe.get_doc(
		{
			"doctype": "Safety Alert",
			"case": case,
			"trigger": trigger,
			"risk_level": info.risk_level,
			"raised_by": frappe.session.user,
			"raised_on": now_datetime(),
			"note": note,
			"message": message,
			"status": "Queued"
			if recipients and not held
			else ("Flagged" if held or stopped else "No recipients"),
			"recipients": [
				{"recipient_name": r.name, "kind": r.kind, "phone": r.phone, "status": "Pending"}
				for r in recipients
			]
			+ [
				{"recipient_name": r.name, "kind": r.kind, "phone": r.phone, "status": "Opted out"}
				for r in stopped
			],
		}
	)
	# The alert record is the system's log of what it sent; whoever raised it may not have
	# write access to Safety Alert (it is read-only for staff so that nobody edits history).
	alert.insert(ignore_permissions=True)
	for task, reason in call_flags(stopped):
		# A STOP: that number is never texted, so a person calls them now.
		flag(alert.name, reason, task=task, set_status=not recipients)
	if held:
		flag(
			alert.name,
			_(
				"The alert text was not sent: it has nothing to print for {0}. Set it in Case Management Settings, then send the alert again; until then, phone the client and their contacts."
			).format(", ".join(blank)),
		)
	elif recipients:
		frappe.enqueue(
			"case_management.jobs.safety.deliver",
			queue="short",
			alert=alert.name,
			enqueue_after_commit=True,
		)
	elif not stopped:
		flag(
			alert.name,
			_("There is nobody to text: no safe client phone and no designated emergency contact."),
		)
	return alert.name


def call_flags(stopped) -> list[tuple[str, str]]:
	"""(task, reason) for each kind of recipient not texted because their number opted out."""
	out = []
	if any(r.kind == "Client" for r in stopped):
		out.append(
			(
				CALL_TASK,
				_(
					"The client has opted out of texts (replied STOP): the alert was not texted to them. Call the client."
				),
			)
		)
	contacts = [r.name for r in stopped if r.kind != "Client"]
	if contacts:
		out.append(
			(
				CALL_CONTACT_TASK,
				_(
					"These emergency contacts' numbers have opted out of texts (replied STOP): the alert was not texted to them. Call them: {0}"
				).format(", ".join(contacts)),
			)
		)
	return out


def render_message(case: str, client, caseworker: str | None) -> tuple[str, list[str]]:
	"""The alert's text, and the placeholders it uses that have nothing to print."""
	settings = frappe.get_cached_doc("Case Management Settings")
	template = settings.safety_alert_message or ""
	values = {
		"client_first_name": client.first_name,
		"caseworker_name": frappe.utils.get_fullname(caseworker) if caseworker else "",
		"agency_phone": settings.agency_phone or "",
		"case": case,
	}
	return frappe.render_template(template, values), empty_placeholders(template, values)


def deliver(alert: str) -> None:
	"""Send every recipient that is due and flag the alert if it failed, in one transaction
	(the queue runs jobs.safety.deliver, which records the sending before flagging)."""
	for flag_args in send_due(alert):
		flag(alert, **flag_args)


def send_due(alert: str) -> list[dict]:
	"""Send every recipient that is due and record each attempt on the alert; returns the flags
	to raise (keyword arguments of `flag`): a recipient that has just run out of attempts, or
	one whose number opted out since the alert was raised (not texted: called)."""
	# Row lock for the transaction: one worker per alert at a time, so nobody is texted twice.
	frappe.db.get_value("Safety Alert", alert, "name", for_update=True)
	doc = frappe.get_doc("Safety Alert", alert)
	settings = frappe.get_cached_doc("Case Management Settings")
	max_attempts = cint(settings.sms_max_attempts) or 5
	now = now_datetime()
	gateway = gateway_config()
	pending = [r for r in doc.recipients if r.status == "Pending"]
	stopped_numbers = opted_out_numbers(r.phone for r in pending)
	stopped = []
	for row in pending:
		if row.phone in stopped_numbers:
			row.status, row.next_attempt_at = "Opted out", None
			stopped.append(frappe._dict(kind=row.kind, name=row.recipient_name))
	for row in doc.recipients:
		if row.status != "Pending" or (row.next_attempt_at and get_datetime(row.next_attempt_at) > now):
			continue
		row.attempts = cint(row.attempts) + 1
		error = send_one(gateway, row.phone, doc.message, cint(settings.sms_timeout_seconds) or 10)
		if error is None:
			row.status, row.sent_at, row.last_error, row.next_attempt_at = "Sent", now_datetime(), None, None
		else:
			row.last_error = error[:500]
			if row.attempts >= max_attempts:
				row.status, row.next_attempt_at = "Failed", None
			else:
				row.next_attempt_at = now + backoff(row.attempts)
	statuses = {row.status for row in doc.recipients} - {"Opted out"}
	newly_failed = "Failed" in statuses and doc.status != "Flagged"
	if "Failed" not in statuses:
		doc.status = "Delivered" if statuses == {"Sent"} else "Sending"
	elif newly_failed:
		doc.status = "Sending"  # flag() makes it Flagged once the people are told
	doc.save(ignore_permissions=True)  # the system records its own delivery attempts
	if statuses:
		flags = [{"reason": r, "task": t, "set_status": False} for t, r in call_flags(stopped)]
	else:
		# Nobody left to text (every number opted out): the alert is Flagged by its call tasks,
		# asked again for every opted-out row (flag() makes each ToDo once), so that a retry after
		# a flagging that never finished (retry_due) still flags it.
		everyone_stopped = [
			frappe._dict(kind=r.kind, name=r.recipient_name)
			for r in doc.recipients
			if r.status == "Opted out"
		]
		flags = [{"reason": r, "task": t, "set_status": True} for t, r in call_flags(everyone_stopped)]
	if newly_failed:
		failed = ", ".join(f"{r.recipient_name} ({r.phone})" for r in doc.recipients if r.status == "Failed")
		flags.append(
			{
				"reason": _("These recipients could not be reached after {0} tries: {1}").format(
					max_attempts, failed
				)
			}
		)
	return flags


def gateway_config() -> frappe._dict | None:
	settings = frappe.get_cached_doc("SMS Settings")
	if not settings.sms_gateway_url:
		return None
	headers = get_headers(settings)
	return frappe._dict(
		url=settings.sms_gateway_url,
		headers=headers,
		use_post=settings.use_post,
		use_json=headers.get("Content-Type") == "application/json",
		message_parameter=settings.message_parameter,
		receiver_parameter=settings.receiver_parameter,
		static={p.parameter: p.value for p in settings.parameters if not p.header},
	)


def send_one(gateway, phone: str, message: str, timeout: int) -> str | None:
	"""Send one text the way Frappe's SMS Settings describe; None when the gateway took it,
	else why not. Unlike frappe's send_sms it has a timeout and reports on each number."""
	if gateway is None:
		return "SMS Settings has no gateway URL"
	params = {**gateway.static, gateway.message_parameter: message, gateway.receiver_parameter: phone}
	kwargs = {"headers": gateway.headers, "timeout": timeout}
	if gateway.use_json:
		kwargs["json"] = params
	elif gateway.use_post:
		kwargs["data"] = params
	else:
		kwargs["params"] = params
	try:
		response = (requests.post if gateway.use_post else requests.get)(gateway.url, **kwargs)
	except requests.RequestException as e:
		return f"{type(e).__name__}: {e}"
	if not 200 <= response.status_code < 300:
		return f"gateway answered HTTP {response.status_code}"
	return None  # the recipient row on the Safety Alert is the record of what was sent


def flag(alert: str, reason: str, task: str = FLAG_TASK, set_status: bool = True) -> None:
	"""Tell the caseworker and the supervisor, once per alert and task, with the reason; the
	alert is marked Flagged unless other recipients are still being texted (`set_status`)."""
	doc = frappe.get_doc("Safety Alert", alert)
	case = frappe.db.get_value("Case", doc.case, ["caseworker", "team", "client_name"], as_dict=True)
	supervisor = frappe.db.get_value("Caseworker Team", case.team, "supervisor") if case.team else None
	for user in {u for u in (case.caseworker, supervisor) if u}:
		if frappe.db.exists(
			"ToDo",
			{
				"reference_type": "Safety Alert",
				"reference_name": alert,
				"allocated_to": user,
				"description": ("like", f"{task} (%"),
			},
		):
			continue
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"reference_type": "Safety Alert",
				"reference_name": alert,
				"priority": "High",
				"description": f"{task} ({case.client_name}, {doc.case}): {reason}",
			}
		).insert(ignore_permissions=True)  # raised by the system for these people
	if set_status and doc.status != "No recipients":
		frappe.db.set_value("Safety Alert", alert, "status", "Flagged")


def retry_due() -> None:
	"""Scheduler (every minute): queue delivery for alerts with a retry that is due."""
	due = frappe.db.sql_list(
		"""select distinct r.parent from `tabSafety Alert Recipient` r
		join `tabSafety Alert` a on a.name = r.parent
		where r.parenttype = 'Safety Alert' and r.status = 'Pending' and a.status in ('Queued', 'Sending')
		and (r.next_attempt_at is null or r.next_attempt_at <= %s)""",
		(now_datetime(),),
	)
	# Alerts whose recipients have all been tried (or opted out) but whose flagging never finished
	# (its worker died or kept losing deadlocks): deliver() sends nothing more and flags them.
	unflagged = frappe.db.sql_list(
		"""select a.name from `tabSafety Alert` a where a.status = 'Sending'
		and not exists (select 1 from `tabSafety Alert Recipient` r
			where r.parent = a.name and r.parenttype = 'Safety Alert' and r.status = 'Pending')"""
	)
	for alert in sorted(set(due) | set(unflagged)):
		frappe.enqueue(
			"case_management.jobs.safety.deliver",
			queue="short",
			alert=alert,
			job_id=f"safety-{alert}",
			deduplicate=True,
		)
