"""/visit?visit=…&token=…: the page a client opens from their reminder. No login: only the
link's token opens it, and it shows only the visit's time and mode, the agency's name and
phone and the caseworker's first name, in the client's language (English or Spanish)."""

import frappe
from frappe import _

from case_management.services.visit_links import check_link, dead_link_page, page_context

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.no_breadcrumbs = 1
	try:
		row = check_link(frappe.form_dict.get("visit") or "", frappe.form_dict.get("token") or "")
	except frappe.PermissionError:
		return dead_link_page(context)  # one plain page, whatever the reason
	visit = page_context(row)
	frappe.local.lang = visit.lang  # every _() below and in the template speaks the client's language
	context.lang = visit.lang
	context.visit = visit
	context.token = frappe.form_dict.get("token")
	context.title = _("Your appointment")
	return context
