"""Appointment messages to clients: when a visit is booked, and the day before.

The texts are Frappe Notification records (event "Method": on_visit_booked and
on_visit_reminder) that an admin edits in the desk; their conditions hold the consent rules
(email only with "OK to email"; texts only with "OK to text" and "Safe to text"). Sending
happens from scheduled jobs, never on the request that books the visit, and waits for the
settings' quiet hours to end. Reminders set a flag on the visit, so a second run sends
nothing new.
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, get_datetime, getdate, now_datetime, today

from case_management.engine.messaging import in_quiet_hours, routine_send_time
from case_management.services.opt_out import is_opted_out
from case_management.services.visit_links import issue_link


def quiet_hours():
	settings = frappe.get_cached_doc("Case Management Settings")
	start = (
		get_datetime(f"2000-01-01 {settings.quiet_hours_start}").time()
		if settings.quiet_hours_start
		else None
	)
	end = get_datetime(f"2000-01-01 {settings.quiet_hours_end}").time() if settings.quiet_hours_end else None
	return start, end


def on_visit_update(doc):
	"""A newly booked (or re-booked) time: the client is told, once quiet hours allow."""
	if not doc.scheduled_time or doc.status != "Scheduled" or not doc.has_value_changed("scheduled_time"):
		return
	doc.db_set(
		{"notice_pending": 1, "notice_after": routine_send_time(now_datetime(), *quiet_hours())},
		update_modified=False,
	)


def send_due_notices() -> int:
	"""Scheduler (every minute): booking notices whose time has come."""
	names = frappe.get_all(
		"Follow-up Visit",
		filters={"notice_pending": 1, "notice_after": ("<=", now_datetime()), "status": "Scheduled"},
		pluck="name",
		limit=500,
	)
	for name in names:
		doc = frappe.get_doc("Follow-up Visit", name)
		doc.db_set("notice_pending", 0, update_modified=False)
		refresh_opt_out(doc)
		doc.run_method("on_visit_booked")  # Notification records with this method send
		record_skipped(doc, "on_visit_booked")
	return len(names)


def send_due_reminders(on: str | None = None) -> int:
	"""Scheduler (hourly): the day-before reminders, outside quiet hours only."""
	if in_quiet_hours(now_datetime().time(), *quiet_hours()):
		return 0
	tomorrow = add_days(getdate(on or today()), 1)
	names = frappe.db.sql_list(
		"""select name from `tabFollow-up Visit` where due_date = %s and status = 'Scheduled'
		and (reminder_sent = 0 or sms_reminder_sent = 0)""",
		(tomorrow,),
	)
	for name in names:
		doc = frappe.get_doc("Follow-up Visit", name)
		refresh_opt_out(doc)
		if will_send(doc, "on_visit_reminder"):
			# One fresh link for this run's texts and emails ({{ doc.confirm_link }}); made only
			# when something goes out, so an hourly re-run does not break a link already sent.
			doc.confirm_link = issue_link(doc)
		doc.run_method("on_visit_reminder")
		record_skipped(doc, "on_visit_reminder")
	return len(names)


def will_send(doc, method: str) -> bool:
	"""Whether any enabled Notification for `method` would send to the client now."""
	from frappe.email.doctype.notification.notification import get_context

	return any(
		not n.condition or frappe.safe_eval(n.condition, None, get_context(doc))
		for n in frappe.get_all(
			"Notification",
			filters={"document_type": doc.doctype, "event": "Method", "method": method, "enabled": 1},
			fields=["condition"],
		)
	)


def refresh_opt_out(doc) -> None:
	"""The client's opt-out as it is now (they may have replied STOP since the visit was
	saved), on the visit in the database, where the texts' conditions read it: the client's
	own, or their phone's on the agency's opt-out list (services/opt_out.py)."""
	opted_out = cint(frappe.db.get_value("Client", doc.client, "sms_opted_out")) if doc.client else 0
	opted_out = opted_out or int(is_opted_out(doc.client_phone))
	if cint(doc.sms_opted_out) != opted_out:
		doc.db_set("sms_opted_out", opted_out, update_modified=False)


def record_skipped(doc, method: str) -> None:
	"""Say on the visit which messages were not sent and why: the condition of each enabled
	Notification for `method` that did not hold (consent, a missing address, sent already),
	and, for texts, that the client has opted out (once per visit)."""
	from frappe.email.doctype.notification.notification import get_context

	for n in frappe.get_all(
		"Notification",
		filters={"document_type": doc.doctype, "event": "Method", "method": method, "enabled": 1},
		fields=["name", "condition", "channel"],
	):
		if n.channel == "SMS" and cint(doc.sms_opted_out):
			note_once(
				doc, _("{0} not sent: the client has opted out of texts (replied STOP).").format(n.name)
			)
			continue
		if n.condition and not frappe.safe_eval(n.condition, None, get_context(doc)):
			if "reminder_sent" in n.condition and (doc.reminder_sent or doc.sms_reminder_sent):
				continue  # already sent: not worth a note
			doc.add_comment(
				"Info", _("{0} not sent: its condition is not met ({1}).").format(n.name, n.condition)
			)


def note_once(doc, text: str) -> None:
	"""A note on the visit, unless the same note is there already (the hourly job runs again)."""
	if not frappe.db.exists(
		"Comment",
		{
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"comment_type": "Info",
			"content": text,
		},
	):
		doc.add_comment("Info", text)
