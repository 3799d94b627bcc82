"""/caseload/week: the caseworker's visits of the next seven days, in time order, each with
the client's address and what the client has been told; a visit is booked or moved here."""

import frappe
from frappe import _

from case_management.services import portal
from case_management.services.portal import field_options
from case_management.services.portal.visits import minute_format

no_cache = 1


def get_context(context):
	portal.page_context(context, "/caseload/week")
	user = frappe.session.user
	context.title = _("My week")
	context.visits = portal.my_week(user)
	for visit in context.visits:
		visit["when"] = (
			frappe.utils.format_datetime(visit["scheduled_time"], minute_format())
			if visit["scheduled_time"]
			else frappe.utils.formatdate(visit["due_date"]) + " · " + _("no time agreed yet")
		)
	# the user's open cases without an open visit: a visit can be booked for them here
	cases = open_cases(user)
	planned = set(
		frappe.get_all(
			"Follow-up Visit",
			filters={"status": "Scheduled", "case": ("in", [c.name for c in cases] or [""])},
			pluck="case",
		)
	)
	context.bookable = [c for c in cases if c.name not in planned]
	context.visit_modes = field_options("Follow-up Visit", "mode")
	context.now_local = frappe.utils.now_datetime().strftime("%Y-%m-%dT%H:%M")
	return context


def open_cases(user: str) -> list:
	"""The user's own open cases (those they may read: frappe.get_list checks)."""
	return frappe.get_list(
		"Case",
		filters={"caseworker": user, "workflow_state": ("!=", "Closed")},
		fields=["name", "client_name"],
		order_by="client_name asc",
		limit_page_length=portal.CASELOAD_LIMIT,
	)
