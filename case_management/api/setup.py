"""Setup checks for administrators (the workspace's warnings block)."""

import frappe
from frappe import _

from case_management.services import setup_checks


@frappe.whitelist(methods=["GET"])
def setup_warnings() -> list[dict]:
	"""What is not set up yet and what that breaks. Only administrators set things up: anyone
	else is refused, so the call answers no one else's question (nor one with stray arguments)."""
	if not setup_checks.ADMIN_ROLES.intersection(frappe.get_roles()):
		frappe.throw(_("Only administrators see the setup warnings."), frappe.PermissionError)
	return setup_checks.setup_warnings()
