"""/caseload/<case>: one case, with the actions a caseworker takes on it."""

import frappe
from frappe import _

from case_management.api.discharge import as_dict as summary_dict
from case_management.api.discharge import summaries
from case_management.engine.service_plan import RESPONSIBLE
from case_management.engine.visit_links import EMAIL, SMS, channel_problem
from case_management.services import portal
from case_management.services.client_page import channel_refusal
from case_management.services.notes import active_templates
from case_management.services.opt_out import is_opted_out
from case_management.services.portal import field_options
from case_management.services.portal.visits import minute_format
from case_management.services.programs import case_programs

no_cache = 1

RELATIONSHIPS = ("Self", "Child", "Spouse or partner", "Other relative", "Unrelated household member")


def get_context(context):
	case = frappe.form_dict.get("case") or ""
	portal.page_context(context, f"/caseload/{case}")
	try:
		context.update(portal.case_page(case))
	except (frappe.DoesNotExistError, frappe.PermissionError):
		# The same answer whether the case does not exist or is someone else's.
		frappe.clear_messages()
		frappe.local.response.http_status_code = 404
		context.not_found = True
		context.title = _("Case not found")
		return context
	context.title = context.case.client_name
	context.programs = case_programs(context.case.name)
	context.relationships = RELATIONSHIPS
	context.income_sources = field_options("Income Entry", "source")
	context.frequencies = field_options("Income Entry", "frequency")
	context.note_types = portal.NOTE_TYPES
	context.note_templates = active_templates()
	# a note about a visit: the case's visits held or booked (newest first)
	context.note_visits = [v for v in context.visits if v.status in ("Completed", "Scheduled")][:10]
	context.urgencies = portal.URGENCIES
	context.goal_statuses = field_options("Case Goal", "status")
	context.responsible_options = RESPONSIBLE
	context.visit_modes = field_options("Follow-up Visit", "mode")
	context.closure_reasons = field_options("Case", "closure_reason")
	discharge_summaries = summaries(context.case.name)
	context.discharge, context.discharge_history = discharge_summaries["current"], discharge_summaries["all"]
	if not context.discharge and context.case.workflow_state == "Closed" and context.discharge_history:
		# a closed case shows the summary it closed with (earlier closures are listed below it)
		context.discharge = summary_dict(
			frappe.get_doc("Discharge Summary", context.discharge_history[0].name)
		)
	context.is_supervisor = bool({"Case Supervisor", "Case Management Admin"} & set(frappe.get_roles()))
	context.providers = providers_with_services()
	context.languages = frappe.get_all(
		"Language", filters={"enabled": 1}, fields=["name", "language_name"], order_by="language_name"
	)
	context.contact_relationships = field_options("Client Emergency Contact", "relationship")
	context.open_visit = next((v for v in context.visits if v.status == "Scheduled"), None)
	context.minutes_format = minute_format()
	context.now_local = frappe.utils.now_datetime().strftime("%Y-%m-%dT%H:%M")
	context.page_channels = page_channels(context.client)
	return context


def page_channels(client) -> list[dict]:
	"""Text and email, each with why the client's page link may not go that way (or None)."""
	opted_out = frappe.db.get_value("Client", client.name, "sms_opted_out") or is_opted_out(client.phone)
	common = {"phone": client.phone, "email": client.email}
	consent = {
		"ok_to_sms": bool(client.ok_to_sms),
		"safe_to_text": bool(client.safe_to_text),
		"opted_out": bool(opted_out),
		"ok_to_email": bool(client.ok_to_email),
	}
	out = []
	for channel, label in ((SMS, _("Text")), (EMAIL, _("Email"))):
		problem = channel_problem(channel, **common, **consent)
		out.append(
			{"channel": channel, "label": label, "problem": channel_refusal(problem) if problem else None}
		)
	return out


def providers_with_services() -> list[dict]:
	"""Active providers, each with the services it lists (the referral form offers only those)."""
	providers = frappe.get_all(
		"Service Provider",
		filters={"is_active": 1},
		fields=["name", "provider_name"],
		order_by="provider_name",
	)
	services = frappe.get_all(
		"Service Provider Service",
		filters={"parenttype": "Service Provider", "parent": ("in", [p.name for p in providers] or [""])},
		fields=["parent", "service"],
		order_by="idx",
	)
	for p in providers:
		p.services = [s.service for s in services if s.parent == p.name and s.service]
	return providers
