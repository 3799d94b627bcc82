// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Monthly Case Summary Rollup"] = {
	filters: [
		{
			fieldname: "month",
			label: __("Month"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(frappe.datetime.add_months(frappe.datetime.get_today(), -1)),
			reqd: 1,
		},
		{ fieldname: "group_by", label: __("Group by"), fieldtype: "Select", options: "Caseworker\nTeam\nRisk level", default: "Caseworker" },
	],
};
