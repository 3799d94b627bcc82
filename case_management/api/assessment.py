"""Risk-level actions that are not an assessment."""

import frappe
from frappe import _

from case_management.engine.scoring import RISK_LEVELS
from case_management.services import risk

OVERRIDE_ROLES = {"Case Supervisor", "Case Management Admin"}


@frappe.whitelist(methods=["POST"])
def override_risk_level(case: str, risk_level: str, reason: str) -> dict:
	"""A supervisor sets a case's risk level by judgement; the reason is kept in its history."""
	doc = frappe.get_doc("Case", case)
	doc.check_permission("write")
	if not OVERRIDE_ROLES.intersection(frappe.get_roles()):
		frappe.throw(_("Only a case supervisor can override a risk level."), frappe.PermissionError)
	if risk_level not in RISK_LEVELS:
		frappe.throw(_("{0} is not a risk level.").format(frappe.bold(frappe.utils.escape_html(risk_level))))
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for overriding the risk level."), title=_("Reason required"))
	risk.override(case, risk_level, reason.strip())
	return {"risk_level": risk_level}
