// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Program Eligibility"] = {
	filters: [
		{ fieldname: "program", label: __("Program"), fieldtype: "Link", options: "Program" },
		{ fieldname: "decision", label: __("Decision"), fieldtype: "Select", options: "\nEligible\nNot eligible\nUnknown" },
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "caseworker", label: __("Caseworker"), fieldtype: "Link", options: "User" },
		{ fieldname: "not_enrolled", label: __("Only cases not in the program"), fieldtype: "Check", default: 0 },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const colours = { Eligible: "green", "Not eligible": "red", Unknown: "orange" };
		if (column.fieldname === "decision" && data && colours[data.decision]) {
			return `<span class="indicator-pill ${colours[data.decision]}">${value}</span>`;
		}
		return value;
	},
};
