"""The Follow-up Visit calendar (Frappe's calendar view): the visits the user may see."""

import frappe

from case_management.services import visit_calendar


@frappe.whitelist(methods=["GET"])
def get_events(
	start: str,
	end: str,
	filters: str | list | None = None,
	doctype: str | None = None,
	field_map: str | dict | None = None,
	fields: str | list | None = None,
) -> list[dict]:
	"""Visits booked (or, without a time, due) between `start` and `end`, coloured by status.

	Takes the arguments Frappe's calendar sends; `doctype`, `field_map` and `fields` are the
	calendar's own and fixed here. Only visits the user may list (frappe.get_list)."""
	frappe.has_permission("Follow-up Visit", "read", throw=True)
	return visit_calendar.events(start, end, frappe.parse_json(filters) if filters else None)
