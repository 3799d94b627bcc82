# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Each caseworker's open cases and what is overdue or due soon, for the cases the viewer may see."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

OPEN = ("not in", ["Closed"])


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	on = getdate(filters.get("on") or today())
	case_filters = {"workflow_state": OPEN}
	if filters.get("team"):
		case_filters["team"] = filters.team

	def per_caseworker(extra: dict) -> dict:
		rows = frappe.get_list(
			"Case",
			filters={**case_filters, **extra},
			fields=["caseworker", "count(*) as n"],
			group_by="caseworker",
			order_by=None,
		)
		return {r.caseworker: r.n for r in rows}

	open_cases = per_caseworker({})
	reassess = per_caseworker({"next_reassessment_date": ("<=", on)})
	visit_rows = frappe.get_list(
		"Follow-up Visit",
		filters={"status": "Scheduled", "due_date": ("<=", add_days(on, 7))},
		fields=["`tabFollow-up Visit`.case", "`tabFollow-up Visit`.due_date"],
		limit_page_length=0,
	)
	referral_rows = frappe.get_list(
		"Referral",
		filters={"status": "Sent", "due_date": ("<", on)},
		fields=["`tabReferral`.case"],
		limit_page_length=0,
	)
	case_owner = dict(
		frappe.get_all(
			"Case",
			filters={
				"name": ("in", list({r.case for r in visit_rows} | {r.case for r in referral_rows}) or [""])
			},
			fields=["name", "caseworker"],
			as_list=True,
		)
	)
	overdue, due_soon, late_referrals = {}, {}, {}
	for r in visit_rows:
		bucket = overdue if getdate(r.due_date) < on else due_soon
		cw = case_owner.get(r.case)
		bucket[cw] = bucket.get(cw, 0) + 1
	for r in referral_rows:
		cw = case_owner.get(r.case)
		late_referrals[cw] = late_referrals.get(cw, 0) + 1

	caseworkers = sorted(
		set(open_cases) | set(overdue) | set(due_soon) | set(late_referrals), key=lambda u: u or ""
	)
	names = dict(
		frappe.get_all(
			"User", filters={"name": ("in", caseworkers or [""])}, fields=["name", "full_name"], as_list=True
		)
	)
	data = [
		{
			"caseworker": cw,
			"caseworker_name": names.get(cw) or _("Unassigned"),
			"open_cases": open_cases.get(cw, 0),
			"overdue_visits": overdue.get(cw, 0),
			"visits_due_this_week": due_soon.get(cw, 0),
			"overdue_referrals": late_referrals.get(cw, 0),
			"reassessments_due": reassess.get(cw, 0),
		}
		for cw in caseworkers
	]
	columns = [
		{
			"fieldname": "caseworker",
			"label": _("Caseworker"),
			"fieldtype": "Link",
			"options": "User",
			"width": 220,
		},
		{"fieldname": "caseworker_name", "label": _("Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "open_cases", "label": _("Open cases"), "fieldtype": "Int", "width": 110},
		{"fieldname": "overdue_visits", "label": _("Overdue visits"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "visits_due_this_week",
			"label": _("Visits due in 7 days"),
			"fieldtype": "Int",
			"width": 150,
		},
		{
			"fieldname": "overdue_referrals",
			"label": _("Referrals awaiting reply past due"),
			"fieldtype": "Int",
			"width": 220,
		},
		{"fieldname": "reassessments_due", "label": _("Reassessments due"), "fieldtype": "Int", "width": 150},
	]
	chart = {
		"data": {
			"labels": [row["caseworker_name"] for row in data],
			"datasets": [
				{"name": _("Overdue visits"), "values": [row["overdue_visits"] for row in data]},
				{"name": _("Reassessments due"), "values": [row["reassessments_due"] for row in data]},
			],
		},
		"type": "bar",
	}
	return columns, data, None, chart
