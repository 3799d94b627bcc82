// Copyright (c) 2027, case_management contributors
// For license information, please see license.txt

frappe.query_reports["No-show Report"] = {
	filters: [
		{ fieldname: "from_date", label: __("Visits from"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -6) },
		{ fieldname: "to_date", label: __("Visits to"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "caseworker", label: __("Caseworker"), fieldtype: "Link", options: "User" },
	],
};
