// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Risk Level Changes"] = {
	filters: [
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -3) },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "caseworker", label: __("Caseworker"), fieldtype: "Link", options: "User" },
		{ fieldname: "risk_level", label: __("Current risk level"), fieldtype: "Select", options: "\nLow\nMedium\nHigh\nCritical" },
		{ fieldname: "direction", label: __("Direction"), fieldtype: "Select", options: "\nUp\nDown\nSame\nFirst" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "direction" && data) {
			const colour = { Up: "text-danger", Down: "text-success" }[data.direction];
			if (colour) return `<span class="${colour}">${value}</span>`;
		}
		return value;
	},
};
