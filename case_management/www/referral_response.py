"""The page a partner opens from the referral email: no login, only the link's token."""

import frappe
from frappe import _

from case_management.engine.referrals import partner_actions
from case_management.services.referrals import check_link

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.title = _("Referral")
	referral, token = frappe.form_dict.get("referral"), frappe.form_dict.get("token")
	try:
		row = check_link(referral or "", token or "")
	except frappe.PermissionError as e:
		context.error = str(e)
		return context
	doc = frappe.db.get_value(
		"Referral",
		row.name,
		["name", "service_provider", "service", "urgency", "reason", "due_date", "status", "client_name"],
		as_dict=True,
	)
	# Only what the partner needs to decide: first name and initial, not the client record.
	parts = (doc.client_name or "").split()
	doc.client_display = f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else (parts[0] if parts else "")
	context.doc = doc
	context.token = token
	context.actions = partner_actions(doc.status)
	return context
