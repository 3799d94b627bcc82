# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Follow-up visits still scheduled after their due date, oldest first, for the cases the viewer sees."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from case_management.case_management.report.common import user_names, visible_cases
from case_management.engine.reports import OVERDUE_BUCKETS, days_overdue, overdue_bucket


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	on = getdate(filters.get("on") or today())
	visits = frappe.get_list(
		"Follow-up Visit",
		filters={"status": "Scheduled", "due_date": ("<", on)},
		fields=["name", "case", "due_date", "mode"],
		order_by="due_date asc, name asc",
		limit_page_length=0,
	)
	cases = {
		c.name: c
		for c in visible_cases(
			filters, ["client_name", "caseworker", "team", "risk_level"], names=[v.case for v in visits]
		)
	}
	visits = [v for v in visits if v.case in cases]
	names = user_names(c.caseworker for c in cases.values())
	data = []
	for visit in visits:
		case = cases[visit.case]
		days = days_overdue(getdate(visit.due_date), on)
		bucket = overdue_bucket(days)
		if filters.get("bucket") and bucket != filters.bucket:
			continue
		data.append(
			{
				"visit": visit.name,
				"case": visit.case,
				"client_name": case.client_name,
				"caseworker": case.caseworker,
				"caseworker_name": names.get(case.caseworker) or _("Unassigned"),
				"team": case.team,
				"risk_level": case.risk_level,
				"mode": visit.mode,
				"due_date": visit.due_date,
				"days_overdue": days,
				"overdue_by": _(bucket),
			}
		)
	columns = [
		{
			"fieldname": "visit",
			"label": _("Visit"),
			"fieldtype": "Link",
			"options": "Follow-up Visit",
			"width": 150,
		},
		{"fieldname": "case", "label": _("Case"), "fieldtype": "Link", "options": "Case", "width": 150},
		{"fieldname": "client_name", "label": _("Client"), "fieldtype": "Data", "width": 170},
		{"fieldname": "caseworker_name", "label": _("Caseworker"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "team",
			"label": _("Team"),
			"fieldtype": "Link",
			"options": "Caseworker Team",
			"width": 130,
		},
		{"fieldname": "risk_level", "label": _("Risk"), "fieldtype": "Data", "width": 90},
		{"fieldname": "mode", "label": _("Mode"), "fieldtype": "Data", "width": 110},
		{"fieldname": "due_date", "label": _("Due"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_overdue", "label": _("Days overdue"), "fieldtype": "Int", "width": 110},
		{"fieldname": "overdue_by", "label": _("Overdue by"), "fieldtype": "Data", "width": 120},
	]
	buckets = [_(label) for _upper, label in OVERDUE_BUCKETS]
	chart = {
		"data": {
			"labels": buckets,
			"datasets": [
				{
					"name": _("Overdue visits"),
					"values": [sum(r["overdue_by"] == b for r in data) for b in buckets],
				}
			],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}
	summary = [
		{
			"label": _("Overdue visits"),
			"value": len(data),
			"indicator": "Red" if data else "Green",
			"datatype": "Int",
		},
		{
			"label": _("Cases affected"),
			"value": len({r["case"] for r in data}),
			"indicator": "Orange" if data else "Green",
			"datatype": "Int",
		},
	]
	return columns, data, None, chart, summary
