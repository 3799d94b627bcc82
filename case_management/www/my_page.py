"""/my-page?token=…: the client's own page, from the link their caseworker sent. No login: only
the link's token opens it. It shows the case's upcoming visits (confirm, or ask for another
time), the service-plan goals in plain words, the caseworker's first name, the agency's phone,
and a box to write to the caseworker, in the client's language (English or Spanish). Nothing
else: no household, no notes, no scores, no other person, not even the client's own name."""

import frappe
from frappe import _

from case_management.services.client_page import check_page, page_context
from case_management.services.visit_links import dead_link_page

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.no_breadcrumbs = 1
	try:
		row = check_page(frappe.form_dict.get("token") or "")
	except frappe.PermissionError:
		return dead_link_page(context)  # one plain page, whatever the reason
	page = page_context(row)
	frappe.local.lang = page.lang  # every _() below and in the template speaks the client's language
	context.lang = page.lang
	context.page = page
	context.token = frappe.form_dict.get("token")
	context.title = _("Your page")
	return context
