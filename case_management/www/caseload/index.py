"""/caseload: the signed-in caseworker's cases, most urgent first, with filters and search."""

import frappe
from frappe import _

from case_management.engine.scoring import RISK_LEVELS
from case_management.services import portal

no_cache = 1


def get_context(context):
	portal.page_context(context, "/caseload")
	args = frappe.form_dict
	context.filters = frappe._dict(
		state=args.get("state") or "",
		risk=args.get("risk") or "",
		overdue=bool(frappe.utils.cint(args.get("overdue"))),
		q=(args.get("q") or "").strip()[:100],
	)
	try:
		data = portal.caseload(frappe.session.user, **context.filters)
	except frappe.ValidationError:
		frappe.clear_messages()
		context.filters = frappe._dict(state="", risk="", overdue=False, q="")
		data = portal.caseload(frappe.session.user)
	context.update(data)
	context.title = _("My caseload")
	context.states = portal.WORKFLOW_STATES
	context.risk_levels = RISK_LEVELS
	context.filtered = any(context.filters.values())
	return context
