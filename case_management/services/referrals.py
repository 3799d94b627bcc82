"""The closed loop with partner organisations: a signed, expiring link by email, and the
answers partners give through it (or through the portal, when they have an account)."""

import frappe
from frappe import _
from frappe.utils import add_days, get_datetime, get_url, now_datetime

from case_management.engine.referrals import PARTNER_ACTIONS, new_token, partner_actions, token_matches

EMAIL_TEMPLATE = "Referral to Partner"


EMAILED, WAITING, OUTSIDE = "emailed", "waiting", "outside"


def outgoing_account_exists() -> bool:
	"""Whether Frappe has an outgoing Email Account to send a referral's email from.

	Without one, frappe.sendmail refuses ("Please setup default Email Account") and queues
	nothing, so a referral sent then would be lost with the request."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing(match_by_doctype="Referral"))


def send_to_partner(referral) -> str:
	"""Email the provider's contact a link to answer the referral; log what was done.

	Returns EMAILED (queued in Frappe's Email Queue), OUTSIDE (the provider takes referrals
	outside the system) or WAITING: no outgoing email account exists, so the referral is kept
	with its email waiting, and send_waiting sends it as soon as an account is set up."""
	provider = frappe.db.get_value(
		"Service Provider",
		referral.service_provider,
		["contact_email", "accepts_electronic_referrals"],
		as_dict=True,
	)
	if not (provider.accepts_electronic_referrals and provider.contact_email):
		log(
			referral.name,
			"sent",
			"Desk",
			frappe.session.user,
			_("Provider takes referrals outside the system"),
		)
		return OUTSIDE
	if not outgoing_account_exists():
		frappe.db.set_value("Referral", referral.name, "partner_email_waiting", 1, update_modified=False)
		referral.partner_email_waiting = 1
		log(
			referral.name,
			"email waiting",
			"Desk",
			frappe.session.user,
			_("No outgoing email account is set up: the email goes when one is."),
		)
		return WAITING
	token, token_hash = new_token()
	days = frappe.db.get_single_value("Case Management Settings", "partner_link_days") or 14
	expires = add_days(now_datetime(), days)
	frappe.db.set_value(
		"Referral",
		referral.name,
		{"partner_token_hash": token_hash, "partner_link_expires": expires, "partner_email_waiting": 0},
		update_modified=False,
	)
	referral.partner_email_waiting = 0
	link = get_url(f"/referral-response?referral={referral.name}&token={token}")
	template = frappe.get_doc("Email Template", EMAIL_TEMPLATE)
	context = {"doc": referral, "link": link, "expires": expires, "caseworker": caseworker_of(referral)}
	frappe.sendmail(
		recipients=[provider.contact_email],
		subject=frappe.render_template(template.subject, context),
		message=frappe.render_template(
			template.response_html if template.use_html else template.response, context
		),
		reference_doctype="Referral",
		reference_name=referral.name,
	)
	log(referral.name, "link emailed", "Desk", frappe.session.user, provider.contact_email)
	return EMAILED


def not_emailed_notice(provider: str) -> str:
	"""What the caseworker is told when the partner's email has to wait."""
	return _(
		"The referral is saved, but {0} could not be emailed: no outgoing email account is set up. The email goes as soon as an administrator sets one up. Phone the provider if it cannot wait."
	).format(provider)


def send_waiting() -> int:
	"""Send the emails of referrals sent while no outgoing account existed (hourly, and when an
	Email Account is saved). Only referrals still Sent: an answered or cancelled one needs none."""
	if not outgoing_account_exists():
		return 0
	names = frappe.get_all(
		"Referral", filters={"partner_email_waiting": 1, "status": "Sent"}, pluck="name", limit=500
	)
	for name in names:
		send_to_partner(frappe.get_doc("Referral", name))
	frappe.db.set_value(
		"Referral", {"partner_email_waiting": 1, "status": ("!=", "Sent")}, "partner_email_waiting", 0
	)
	return len(names)


def on_email_account_update(doc, method=None) -> None:
	"""An outgoing account was set up or changed: send the referral emails that waited for one."""
	if doc.enable_outgoing:
		frappe.enqueue(
			"case_management.services.referrals.send_waiting",
			enqueue_after_commit=True,
			job_id="case_management.send_waiting_referral_emails",
			deduplicate=True,
		)


def caseworker_of(referral) -> frappe._dict:
	user = frappe.db.get_value("Case", referral.case, "caseworker")
	return frappe._dict(name=frappe.utils.get_fullname(user) if user else "", email=user or "")


def check_link(referral: str, token: str) -> frappe._dict:
	"""The referral a link is for, or a refusal that tells nothing about other referrals."""
	row = frappe.db.get_value(
		"Referral",
		referral,
		["name", "status", "partner_token_hash", "partner_link_expires"],
		as_dict=True,
	)
	if not row or not token_matches(token, row.partner_token_hash):
		frappe.throw(_("This link is not valid."), frappe.PermissionError, title=_("Link not valid"))
	if not row.partner_link_expires or get_datetime(row.partner_link_expires) < now_datetime():
		frappe.throw(
			_("This link has expired. Ask the caseworker to send it again."),
			frappe.PermissionError,
			title=_("Link expired"),
		)
	return row


def apply_action(referral: str, action: str, note: str | None, via: str, by: str) -> str:
	"""Move the referral as a partner answered; returns the new status."""
	doc = frappe.get_doc("Referral", referral)
	if action not in PARTNER_ACTIONS or action not in partner_actions(doc.status):
		frappe.throw(_("This referral is {0}: it cannot be answered that way now.").format(_(doc.status)))
	note = (note or "").strip()
	if action == "decline":
		doc.decline_reason = note
	elif action == "complete":
		doc.outcome = note
	doc.status = PARTNER_ACTIONS[action]
	doc.append(
		"partner_log",
		{"at": now_datetime(), "action": action, "via": via, "by": by, "note": note[:1000] or None},
	)
	# The partner is not a user with write access to referrals; the link or role was checked.
	doc.save(ignore_permissions=True)
	return doc.status


def log(referral: str, action: str, via: str, by: str, note: str | None = None) -> None:
	idx = frappe.db.count("Referral Partner Log", {"parent": referral, "parenttype": "Referral"}) + 1
	frappe.get_doc(
		{
			"doctype": "Referral Partner Log",
			"parent": referral,
			"parenttype": "Referral",
			"parentfield": "partner_log",
			"idx": idx,
			"at": now_datetime(),
			"action": action,
			"via": via,
			"by": by,
			"note": note,
		}
	).db_insert()
