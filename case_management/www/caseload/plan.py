"""/caseload/<case>/plan: the case's service plan as a document, the same one the print format
"Service Plan" prints, in the client's language (or the one asked for: ?lang=en or ?lang=es)."""

from urllib.parse import quote

import frappe
from frappe import _

from case_management.services import portal, service_plan
from case_management.services.visit_links import page_language

no_cache = 1

LANGUAGES = (("en", "English"), ("es", "Español"))


def get_context(context):
	case = frappe.form_dict.get("case") or ""
	portal.page_context(context, f"/caseload/{case}/plan")
	try:
		doc = portal.case_for(case, "read")
	except (frappe.DoesNotExistError, frappe.PermissionError):
		# The same answer whether the case does not exist or is someone else's.
		frappe.clear_messages()
		frappe.local.response.http_status_code = 404
		context.not_found = True
		context.title = _("Case not found")
		return context
	asked = frappe.form_dict.get("lang")
	lang = page_language(asked) if asked in dict(LANGUAGES) else service_plan.client_language(doc)
	frappe.local.lang = lang  # the page is the document: every _() below speaks its language
	context.lang = lang
	context.client_lang = service_plan.client_language(doc)
	context.languages = LANGUAGES
	context.plan = service_plan.service_plan(doc.name)
	context.can_share = bool(doc.has_permission("write"))
	context.pdf_url = (
		"/api/method/frappe.utils.print_format.download_pdf?doctype=Case&name="
		+ quote(doc.name)
		+ "&format="
		+ quote(service_plan.PRINT_FORMAT)
		+ "&language="
		+ lang
	)
	context.title = _("Service plan")
	return context
