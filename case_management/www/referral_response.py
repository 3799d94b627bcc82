"""The page a partner opens from the referral email: no login, only the link's token."""

import frappe
from frappe import _

from case_management.engine.referrals import partner_actions
from case_management.services.portal.common import asset_version
from case_management.services.referrals import check_link

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.asset_version = asset_version()  # of the stylesheet that corrects Frappe's contrast
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
		["name", "service_provider", "service", "urgency", "reason", "due_date", "status", "client_initials"],
		as_dict=True,
	)
	# Only what the partner needs to decide: first name and initial, not the client record.
	doc.client_display = doc.client_initials
	context.doc = doc
	context.token = token
	context.actions = partner_actions(doc.status)
	return context
