# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Every change of a case's risk level (assessments, overrides, cancellations) and its direction."""

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from case_management.case_management.report.common import check_dates, user_names, visible_cases
from case_management.engine.reports import risk_changes

DIRECTIONS = ["Up", "Down", "Same", "First"]


def direction_label(direction: str) -> str:
	"""A direction in the reader's language (each written out for the translation files)."""
	labels = {"Up": _("Up"), "Down": _("Down"), "Same": _("Same"), "First": _("First")}
	return labels.get(direction, direction)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	check_dates(filters)
	if filters.get("direction") and filters.direction not in DIRECTIONS:
		frappe.throw(_("Direction must be one of {0}.").format(", ".join(DIRECTIONS)))
	cases = {c.name: c for c in visible_cases(filters, ["client_name", "caseworker", "team"])}
	history = []
	if cases:
		# the whole history of each case is read: the level before a change may predate the period
		history = frappe.get_all(
			"Case Risk History",
			filters={"parenttype": "Case", "parentfield": "risk_history", "parent": ("in", list(cases))},
			fields=[
				"parent as `case`",
				"idx",
				"changed_on",
				"source",
				"risk_level",
				"score",
				"reason",
				"changed_by",
			],
			order_by="parent asc, idx asc",
		)
	names = user_names([c.caseworker for c in cases.values()] + [h.changed_by for h in history])
	start = getdate(filters.from_date) if filters.get("from_date") else None
	end = getdate(filters.to_date) if filters.get("to_date") else None
	data = []
	for row in risk_changes(history):
		day = get_datetime(row["changed_on"]).date()
		if (start and day < start) or (end and day > end):
			continue
		if filters.get("direction") and row["direction"] != filters.direction:
			continue
		case = cases[row["case"]]
		data.append(
			{
				"case": row["case"],
				"client_name": case.client_name,
				"caseworker_name": names.get(case.caseworker) or _("Unassigned"),
				"changed_on": row["changed_on"],
				"previous_level": row["previous_level"],
				"risk_level": row["risk_level"],
				"direction": direction_label(row["direction"]),
				"source": _(source) if (source := row["source"]) else "",
				"score": row["score"],
				"reason": row["reason"],
				"changed_by": names.get(row["changed_by"]) or row["changed_by"],
			}
		)
	data.sort(key=lambda r: (get_datetime(r["changed_on"]), r["case"]), reverse=True)
	columns = [
		{"fieldname": "case", "label": _("Case"), "fieldtype": "Link", "options": "Case", "width": 150},
		{"fieldname": "client_name", "label": _("Client"), "fieldtype": "Data", "width": 160},
		{"fieldname": "caseworker_name", "label": _("Caseworker"), "fieldtype": "Data", "width": 140},
		{"fieldname": "changed_on", "label": _("Changed on"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "previous_level", "label": _("From"), "fieldtype": "Data", "width": 90},
		{"fieldname": "risk_level", "label": _("To"), "fieldtype": "Data", "width": 90},
		{"fieldname": "direction", "label": _("Direction"), "fieldtype": "Data", "width": 90},
		{"fieldname": "source", "label": _("Source"), "fieldtype": "Data", "width": 110},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Int", "width": 70},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 200},
		{"fieldname": "changed_by", "label": _("By"), "fieldtype": "Data", "width": 140},
	]
	chart = {
		"data": {
			"labels": [direction_label(d) for d in DIRECTIONS],
			"datasets": [
				{
					"name": _("Changes"),
					"values": [sum(r["direction"] == direction_label(d) for r in data) for d in DIRECTIONS],
				}
			],
		},
		"type": "bar",
		"colors": ["#7575ff"],
	}
	return columns, data, None, chart
