# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""What became of the referrals sent to each provider: awaiting a reply, accepted, declined, completed."""

import frappe
from frappe import _, _lt

from case_management.case_management.report.common import check_dates, visible_cases
from case_management.engine.reports import referral_outcomes

# labels translated when the report runs, in the reader's language (_lt)
MEASURES = [
	("sent", _lt("Sent"), "Int"),
	("awaiting", _lt("Awaiting reply"), "Int"),
	("accepted", _lt("Accepted"), "Int"),
	("declined", _lt("Declined"), "Int"),
	("completed", _lt("Completed"), "Int"),
	("cancelled", _lt("Cancelled"), "Int"),
	("acceptance_rate", _lt("Acceptance %"), "Percent"),
	("completion_rate", _lt("Completion %"), "Percent"),
]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	check_dates(filters)
	referral_filters = {"status": ("!=", "Draft")}
	if filters.get("from_date") and filters.get("to_date"):
		referral_filters["referral_date"] = ("between", [filters.from_date, filters.to_date])
	elif filters.get("from_date"):
		referral_filters["referral_date"] = (">=", filters.from_date)
	elif filters.get("to_date"):
		referral_filters["referral_date"] = ("<=", filters.to_date)
	if filters.get("service_provider"):
		referral_filters["service_provider"] = filters.service_provider
	if filters.get("urgency"):
		referral_filters["urgency"] = filters.urgency
	rows = frappe.get_list(
		"Referral",
		filters=referral_filters,
		fields=["name", "case", "service_provider", "status"],
		limit_page_length=0,
	)
	if filters.get("team") or filters.get("caseworker"):
		allowed = {c.name for c in visible_cases(filters, [], names=[r.case for r in rows])}
		rows = [r for r in rows if r.case in allowed]
	outcomes = referral_outcomes(rows)
	data = [
		{"service_provider": provider, **outcomes[provider]}
		for provider in sorted(outcomes, key=lambda p: (-outcomes[p]["sent"], p))
	]
	columns = [
		{
			"fieldname": "service_provider",
			"label": _("Service provider"),
			"fieldtype": "Link",
			"options": "Service Provider",
			"width": 220,
		},
		*[{"fieldname": f, "label": str(label), "fieldtype": t, "width": 115} for f, label, t in MEASURES],
	]
	chart = {
		"data": {
			"labels": [row["service_provider"] for row in data],
			"datasets": [
				{"name": _("Accepted"), "values": [row["accepted"] for row in data]},
				{"name": _("Declined"), "values": [row["declined"] for row in data]},
				{"name": _("Awaiting reply"), "values": [row["awaiting"] for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#e24c4c", "#ffa00a"],
	}
	return columns, data, _("Drafts are not counted: they never reached the provider."), chart
