"""Follow-up visits as calendar events: at the booked time, or on the due date (all day) when
no time is booked. Read with frappe.get_list, so only the visits the user may list."""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, getdate, today

from case_management.engine.follow_up import CALENDAR_COLOURS, calendar_status

FIELDS = ["name", "case", "client_name", "mode", "status", "due_date", "scheduled_time"]
LIMIT = 1000
VISIT_MINUTES = 60


def events(start: str, end: str, filters: list | dict | None = None) -> list[dict]:
	start_at, end_at = read_range(start, end)
	if isinstance(filters, dict):
		filters = [[key, "=", value] for key, value in filters.items()]
	filters = [f[1:] if len(f) == 4 else f for f in (filters or [])]  # [doctype, field, op, value]
	booked = frappe.get_list(
		"Follow-up Visit",
		fields=FIELDS,
		filters=[*filters, ["scheduled_time", "between", [start_at, end_at]]],
		limit_page_length=LIMIT,
		order_by="scheduled_time asc",
	)
	unbooked = frappe.get_list(
		"Follow-up Visit",
		fields=FIELDS,
		filters=[
			*filters,
			["scheduled_time", "is", "not set"],
			["due_date", "between", [getdate(start_at), getdate(end_at)]],
		],
		limit_page_length=LIMIT,
		order_by="due_date asc",
	)
	now = getdate(today())
	return [event(visit, calendar_status(visit.status, visit.due_date, now)) for visit in booked + unbooked]


def read_range(start: str, end: str):
	try:
		start_at, end_at = get_datetime(start), get_datetime(end)
	except Exception:
		start_at = end_at = None
	if not (start_at and end_at) or end_at < start_at:
		frappe.throw(_("The calendar asked for dates it cannot read."))
	return start_at, end_at


def event(visit, shown: str) -> dict:
	at = visit.scheduled_time
	words = [visit.client_name or visit.case, _(visit.mode) if visit.mode else None, _(shown)]
	return {
		"name": visit.name,
		"title": " · ".join(w for w in words if w),
		"start": at or visit.due_date,
		"end": add_to_date(at, minutes=VISIT_MINUTES) if at else visit.due_date,
		"all_day": 0 if at else 1,
		"status": shown,
		"color": CALENDAR_COLOURS.get(shown, CALENDAR_COLOURS["Scheduled"]),
	}
