"""Partners answer referrals: through the emailed link (no login) or the portal."""

import frappe
from frappe import _

from case_management.engine.referrals import partner_actions
from case_management.services.limits import rate_limit
from case_management.services.referrals import apply_action, check_link


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def respond(referral: str, token: str, action: str, note: str | None = None) -> dict:
	"""Accept, decline (with a reason), start or complete (with an outcome) a referral.

	Guests may call this only with the referral's own unexpired link token; the token is
	compared with the stored hash, and every use is logged on the referral.
	"""
	row = check_link(referral, token)
	status = apply_action(row.name, action, note, "Link", _("provider contact (emailed link)"))
	return {"status": status, "actions": partner_actions(status)}


@frappe.whitelist(methods=["POST"])
def partner_action(referral: str, action: str, note: str | None = None) -> dict:
	"""The same answers for a Referral Partner user who can see this referral."""
	if "Referral Partner" not in frappe.get_roles():
		frappe.throw(_("Only a referral partner can answer a referral."), frappe.PermissionError)
	frappe.has_permission("Referral", "read", referral, throw=True)
	status = apply_action(referral, action, note, "Portal", frappe.session.user)
	return {"status": status, "actions": partner_actions(status)}
