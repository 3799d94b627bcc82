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
	return context
