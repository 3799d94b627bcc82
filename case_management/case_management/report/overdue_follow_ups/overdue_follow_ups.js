// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Overdue Follow-ups"] = {
	filters: [
		{ fieldname: "on", label: __("As of"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "caseworker", label: __("Caseworker"), fieldtype: "Link", options: "User" },
		{ fieldname: "risk_level", label: __("Risk level"), fieldtype: "Select", options: "\nLow\nMedium\nHigh\nCritical" },
		{ fieldname: "bucket", label: __("Overdue by"), fieldtype: "Select", options: "\n1-7 days\n8-30 days\nOver 30 days" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "days_overdue" && data && data.days_overdue > 30) return `<span class="text-danger">${value}</span>`;
		return value;
	},
};
