# Copyright (c) 2027, case_management contributors
# For license information, please see license.txt
"""Visits by outcome against whether a reminder went out and whether the client confirmed, per
caseworker and month, for the visits the viewer may see. The counting is engine/no_show.py."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from case_management.case_management.report.common import check_dates, user_names, visible_cases
from case_management.engine.no_show import OUTCOMES, monthly_missed_rates, tally, totals, visit_day

VISIT_FIELDS = [
	"name",
	"case",
	"status",
	"due_date",
	"scheduled_time",
	"reminder_sent",
	"sms_reminder_sent",
	"client_response",
]


def visits_in_period(filters: frappe._dict) -> list[dict]:
	"""The viewer's visits with an outcome whose day (booked time, else due date) is in the period."""
	start = getdate(filters.from_date) if filters.get("from_date") else None
	end = getdate(filters.to_date) if filters.get("to_date") else None
	or_filters = None
	if start or end:
		# narrowed in SQL on either date; the engine's visit day decides exactly below
		low = start or getdate("1900-01-01")
		high = end or getdate("2999-12-31")
		or_filters = {
			"due_date": ("between", [low, high]),
			"scheduled_time": ("between", [low, add_days(high, 1)]),
		}
	visits = frappe.get_list(
		"Follow-up Visit",
		filters={"status": ("in", list(OUTCOMES))},
		or_filters=or_filters,
		fields=VISIT_FIELDS,
		order_by="name asc",
		limit_page_length=0,
	)
	out = []
	for visit in visits:
		day = visit_day(visit.due_date, visit.scheduled_time)
		if day is None or (start and day < start) or (end and day > end):
			continue
		out.append(visit)
	return out


def percent(value) -> float | None:
	return None if value is None else round(value * 100, 1)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	check_dates(filters)
	visits = visits_in_period(filters)
	# the case list applies the team and caseworker filters and the viewer's case permissions
	cases = {
		c.name: c for c in visible_cases(filters, ["caseworker", "team"], names=[v.case for v in visits])
	}
	visits = [{**v, "caseworker": cases[v.case].caseworker} for v in visits if v.case in cases]
	rows = tally(visits)
	names = user_names(r["caseworker"] for r in rows)
	data = [
		{
			"caseworker": row["caseworker"],
			"caseworker_name": names.get(row["caseworker"]) or _("Unassigned"),
			"month": row["month"],
			"reminder_sent": _("Yes") if row["reminded"] else _("No"),
			"client_confirmed": _("Yes") if row["confirmed"] else _("No"),
			"visits": row["visits"],
			"completed": row["completed"],
			"missed": row["missed"],
			"cancelled": row["cancelled"],
			"missed_rate": percent(row["missed_rate"]),
		}
		for row in rows
	]
	return columns(), data, None, chart(rows), summary(totals(rows))


def columns() -> list[dict]:
	return [
		{"fieldname": "caseworker_name", "label": _("Caseworker"), "fieldtype": "Data", "width": 160},
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "reminder_sent", "label": _("Reminder sent"), "fieldtype": "Data", "width": 120},
		{"fieldname": "client_confirmed", "label": _("Client confirmed"), "fieldtype": "Data", "width": 130},
		{"fieldname": "visits", "label": _("Visits"), "fieldtype": "Int", "width": 80},
		{"fieldname": "completed", "label": _("Completed"), "fieldtype": "Int", "width": 100},
		{"fieldname": "missed", "label": _("Missed"), "fieldtype": "Int", "width": 80},
		{"fieldname": "cancelled", "label": _("Cancelled"), "fieldtype": "Int", "width": 100},
		{"fieldname": "missed_rate", "label": _("Missed %"), "fieldtype": "Percent", "width": 100},
	]


def chart(rows: list[dict]) -> dict:
	months, with_reminder, without = monthly_missed_rates(rows)
	# a side with no visit that month is drawn as 0; the table shows it has no row
	return {
		"data": {
			"labels": months,
			"datasets": [
				{"name": _("Missed %, reminder sent"), "values": [percent(v) or 0 for v in with_reminder]},
				{"name": _("Missed %, no reminder"), "values": [percent(v) or 0 for v in without]},
			],
		},
		"type": "bar",
		"colors": ["#5e64ff", "#e24c4c"],
		"fieldtype": "Percent",
	}


def summary(total: dict) -> list[dict]:
	def rate_card(label: str, key: str) -> dict:
		return {"label": label, "value": percent(total[key]) or 0, "datatype": "Percent", "indicator": "Blue"}

	return [
		{"label": _("Visits with an outcome"), "value": total["visits"], "datatype": "Int"},
		{
			"label": _("Missed"),
			"value": total["missed"],
			"indicator": "Red" if total["missed"] else "Green",
			"datatype": "Int",
		},
		rate_card(_("Missed %, reminder sent"), "reminded_missed_rate"),
		rate_card(_("Missed %, no reminder"), "unreminded_missed_rate"),
		rate_card(_("Missed %, client confirmed"), "confirmed_missed_rate"),
	]
