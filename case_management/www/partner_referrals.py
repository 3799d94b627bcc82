"""The portal page where a partner organisation's users answer the referrals sent to them."""

import frappe
from frappe import _

from case_management.engine.referrals import partner_actions
from case_management.services.portal.common import asset_version

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/partner-referrals"
		raise frappe.Redirect
	if "Referral Partner" not in frappe.get_roles():
		raise frappe.PermissionError(_("This page is for referral partners."))
	context.no_cache = 1
	context.asset_version = asset_version()  # of the stylesheet that corrects Frappe's contrast
	context.title = _("Referrals to your organisation")
	rows = frappe.get_list(
		"Referral",
		filters={"status": ("!=", "Draft")},
		fields=[
			"name",
			"client_initials",
			"service_provider",
			"service",
			"urgency",
			"status",
			"due_date",
			"reason",
		],
		order_by="due_date asc",
		limit_page_length=200,
	)
	for row in rows:
		row.client_display = row.client_initials
		row.actions = partner_actions(row.status)
	context.referrals = rows
	context.labels = {
		"accept": _("Accept"),
		"decline": _("Decline"),
		"start": _("Mark in progress"),
		"complete": _("Mark complete"),
	}
	return context
