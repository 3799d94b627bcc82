# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Each open case's household income against the HHS poverty guideline, banded, from the case's snapshot."""

import frappe
from frappe import _

from case_management.case_management.report.common import visible_cases
from case_management.engine.reports import INCOME_BANDS, NO_GUIDELINE, band_counts, income_band

BANDS = [label for _lower, label in reversed(INCOME_BANDS)] + [NO_GUIDELINE]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.get("band") and filters.band not in BANDS:
		frappe.throw(_("Band must be one of {0}.").format(", ".join(BANDS)))
	cases = visible_cases(
		filters,
		[
			"client",
			"client_name",
			"caseworker",
			"workflow_state",
			"household_size",
			"monthly_household_income",
			"annual_household_income",
			"poverty_guideline_percent",
			"poverty_guideline_basis",
		],
		open_only=not filters.get("include_closed"),
	)
	data = []
	for case in cases:
		# a case without a guideline basis has no snapshot against a guideline (none for its year/region)
		percent = case.poverty_guideline_percent if case.poverty_guideline_basis else None
		band = income_band(percent)
		if filters.get("band") and band != filters.band:
			continue
		data.append(
			{
				"case": case.name,
				"client_name": case.client_name,
				"workflow_state": case.workflow_state,
				"household_size": case.household_size,
				"monthly_household_income": case.monthly_household_income,
				"annual_household_income": case.annual_household_income,
				"poverty_guideline_percent": percent,
				"band": _(band),
				"basis": case.poverty_guideline_basis,
			}
		)
	columns = [
		{"fieldname": "case", "label": _("Case"), "fieldtype": "Link", "options": "Case", "width": 150},
		{"fieldname": "client_name", "label": _("Client"), "fieldtype": "Data", "width": 170},
		{"fieldname": "workflow_state", "label": _("State"), "fieldtype": "Data", "width": 100},
		{"fieldname": "household_size", "label": _("Household size"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "monthly_household_income",
			"label": _("Monthly income"),
			"fieldtype": "Currency",
			"width": 130,
		},
		{
			"fieldname": "annual_household_income",
			"label": _("Annual income"),
			"fieldtype": "Currency",
			"width": 130,
		},
		{
			"fieldname": "poverty_guideline_percent",
			"label": _("% of guideline"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{"fieldname": "band", "label": _("Band"), "fieldtype": "Data", "width": 130},
		{"fieldname": "basis", "label": _("Guideline"), "fieldtype": "Data", "width": 200},
	]
	counts = band_counts(row["poverty_guideline_percent"] for row in data)
	chart = {
		"data": {
			"labels": [_(b) for b in BANDS],
			"datasets": [{"name": _("Households"), "values": [counts[b] for b in BANDS]}],
		},
		"type": "bar",
	}
	below = sum(counts[b] for b in ("Below 50%", "50-99%"))
	summary = [
		{"label": _("Households"), "value": len(data), "datatype": "Int", "indicator": "Blue"},
		{"label": _("Below the guideline"), "value": below, "datatype": "Int", "indicator": "Red"},
		{"label": _("No guideline"), "value": counts[NO_GUIDELINE], "datatype": "Int", "indicator": "Grey"},
	]
	return columns, data, None, chart, summary
