"""Raise a safety alert by hand from a case."""

import frappe
from frappe import _

from case_management.services.safety import raise_alert


@frappe.whitelist(methods=["POST"])
def send_safety_alert(case: str, note: str | None = None) -> dict:
	"""Text the case's safe recipients now (from a background job). Needs write access to the case."""
	frappe.get_doc("Case", case).check_permission("write")
	name = raise_alert(case, "Manual", note=(note or "").strip() or _("Raised by hand"))
	return {"alert": name, "status": frappe.db.get_value("Safety Alert", name, "status")}
