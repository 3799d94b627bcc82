"""What an administrator must set up before the app can do its job, shown on the workspace
while it is missing: outgoing email (partner referrals wait for it) and the callback number
the safety-alert text prints."""

import frappe
from frappe import _

from case_management.engine.messaging import empty_placeholders
from case_management.services.referrals import outgoing_account_exists

ADMIN_ROLES = {"Case Management Admin", "System Manager"}


def setup_warnings() -> list[dict]:
	"""Each missing piece: a title, what it breaks, and where to fix it. Only for admins."""
	if not ADMIN_ROLES.intersection(frappe.get_roles()):
		return []
	warnings = []
	if not outgoing_account_exists():
		waiting = frappe.db.count("Referral", {"partner_email_waiting": 1, "status": "Sent"})
		warnings.append(
			{
				"key": "email",
				"title": _("No outgoing email account"),
				"message": _(
					"Referrals to partners are saved, but their emails wait until an outgoing email account is set up ({0} waiting)."
				).format(waiting),
				"action": _("Set up email"),
				"route": "/app/email-account/new",
			}
		)
	settings = frappe.db.get_singles_dict("Case Management Settings")
	if "agency_phone" in empty_placeholders(settings.get("safety_alert_message"), settings):
		warnings.append(
			{
				"key": "agency_phone",
				"title": _("No agency phone for safety alerts"),
				"message": _(
					"The safety-alert text asks the recipient to call the agency phone, which is empty: alerts are held and flagged instead of sent until it is set."
				),
				"action": _("Open the settings"),
				"route": "/app/case-management-settings",
			}
		)
	return warnings
