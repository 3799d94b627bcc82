# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""The month's case summaries rolled up by caseworker, team or risk level."""

import frappe
from frappe import _, _lt
from frappe.utils import getdate, today

from case_management.engine.summary import previous_month

GROUPS = {"Caseworker": "caseworker", "Team": "team", "Risk level": "risk_at_end"}

# labels translated when the report runs, in the reader's language (_lt)
MEASURES = [
	("notes_written", _lt("Notes")),
	("visits_completed", _lt("Visits completed")),
	("visits_missed", _lt("Visits missed")),
	("referrals_opened", _lt("Referrals made")),
	("referrals_completed", _lt("Referrals completed")),
	("referrals_overdue", _lt("Referrals overdue")),
	("services_delivered", _lt("Program services delivered")),
]


def group_label(group_by: str | None) -> str:
	"""The grouping's column heading in the reader's language."""
	labels = {"Caseworker": _("Caseworker"), "Team": _("Team"), "Risk level": _("Risk level")}
	return labels.get(group_by or "Caseworker", labels["Caseworker"])


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
			"label": group_label(filters.get("group_by")),
			"fieldtype": "Data",
			"width": 220,
		},
		{"fieldname": "cases", "label": _("Cases"), "fieldtype": "Int", "width": 90},
		*[{"fieldname": f, "label": str(label), "fieldtype": "Int", "width": 130} for f, label in MEASURES],
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
	return columns, data, _("Month: {0}").format(frappe.utils.format_date(month, "MMMM yyyy")), chart
