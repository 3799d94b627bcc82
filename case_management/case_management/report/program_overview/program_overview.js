// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Program Overview"] = {
	filters: [
		{ fieldname: "program", label: __("Program"), fieldtype: "Link", options: "Program" },
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -12) },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
