# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""The month's case summaries rolled up by caseworker, team or risk level."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from case_management.engine.summary import previous_month

GROUPS = {"Caseworker": "caseworker", "Team": "team", "Risk level": "risk_at_end"}
MEASURES = [
	("notes_written", _("Notes")),
	("visits_completed", _("Visits completed")),
	("visits_missed", _("Visits missed")),
	("referrals_opened", _("Referrals made")),
	("referrals_completed", _("Referrals completed")),
	("referrals_overdue", _("Referrals overdue")),
	("services_delivered", _("Program services delivered")),
]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	month = getdate(filters.get("month") or previous_month(getdate(today()))).replace(day=1)
	group = GROUPS.get(filters.get("group_by") or "Caseworker")
	if not group:
		frappe.throw(_("Group by Caseworker, Team or Risk level."))
	rows = frappe.get_list(
		"Monthly Case Summary",
		filters={"month": month},
		fields=[group, "count(*) as cases", *[f"sum({field}) as {field}" for field, _label in MEASURES]],
		group_by=group,
		order_by=f"{group} asc",
	)
	data = [
		{"group": row[group] or _("Not set"), "cases": row.cases, **{f: row[f] or 0 for f, _l in MEASURES}}
		for row in rows
	]
	columns = [
		{
			"fieldname": "group",
			"label": _(filters.get("group_by") or "Caseworker"),
			"fieldtype": "Data",
			"width": 220,
		},
		{"fieldname": "cases", "label": _("Cases"), "fieldtype": "Int", "width": 90},
		*[{"fieldname": f, "label": label, "fieldtype": "Int", "width": 130} for f, label in MEASURES],
	]
	chart = {
		"data": {
			"labels": [row["group"] for row in data],
			"datasets": [
				{"name": _("Visits completed"), "values": [row["visits_completed"] for row in data]},
				{"name": _("Visits missed"), "values": [row["visits_missed"] for row in data]},
			],
		},
		"type": "bar",
	}
	return columns, data, _("Month: {0}").format(month.strftime("%B %Y")), chart
