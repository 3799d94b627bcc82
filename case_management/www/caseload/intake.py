"""/caseload/intake: find a returning client first (likely duplicates shown), then register a
new one and start the case."""

import frappe
from frappe import _

from case_management.services import portal

no_cache = 1


def get_context(context):
	portal.page_context(context, "/caseload/intake")
	frappe.has_permission("Client", "create", throw=True)
	context.title = _("New intake")
	context.genders = [
		g for g in (frappe.get_meta("Client").get_field("gender").options or "").split("\n") if g
	]
	context.languages = frappe.get_all(
		"Language", filters={"enabled": 1}, fields=["name", "language_name"], order_by="language_name"
	)
	context.contact_relationships = portal.field_options("Client Emergency Contact", "relationship")
	# A client has one open case; a supervisor may start a second one, with the reason.
	context.is_supervisor = "Case Supervisor" in frappe.get_roles()
	return context
