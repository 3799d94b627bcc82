# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Units of service delivered per month, one row per program, service and unit, over the
services the viewer may see (their teams', or the programs they manage). Units are never
added across services: a night is not a dollar."""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, getdate, today

from case_management.case_management.report.common import check_dates
from case_management.engine import program_reports as rules


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	check_dates(filters)
	start = getdate(filters.get("from_date") or get_first_day(add_months(today(), -5)))
	end = getdate(filters.get("to_date") or today())
	months = rules.months_between(start, end)
	if len(months) > 36:
		frappe.throw(_("Choose at most 36 months."))
	where = {"delivered_on": ("between", [start, end])}
	if filters.get("program"):
		where["program"] = filters.program
	rows = frappe.get_list(
		"Service Delivery",
		filters=where,
		fields=["program", "service", "unit", "delivered_on", "quantity"],
		limit_page_length=0,
	)
	units = rules.units_by_month(rows, months)
	data = [
		{
			"program": program,
			"service": service,
			"unit": _(unit),
			**{key(m): float(totals[i]) for i, m in enumerate(months)},
			"total": float(sum(totals)),
		}
		for (program, service, unit), totals in sorted(units.items())
	]
	columns = [
		{
			"fieldname": "program",
			"label": _("Program"),
			"fieldtype": "Link",
			"options": "Program",
			"width": 170,
		},
		{"fieldname": "service", "label": _("Service"), "fieldtype": "Data", "width": 160},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Data", "width": 90},
		*({"fieldname": key(m), "label": m, "fieldtype": "Float", "width": 90} for m in months),
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Float", "width": 100},
	]
	chart = {
		"data": {
			"labels": months,
			"datasets": [
				{"name": f"{r['service']} ({r['unit']})", "values": [r[key(m)] for m in months]} for r in data
			],
		},
		"type": "bar",
	}
	return columns, data, None, chart


def key(month: str) -> str:
	return "m_" + month.replace("-", "_")
