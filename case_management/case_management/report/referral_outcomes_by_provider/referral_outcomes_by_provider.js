// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Referral Outcomes by Provider"] = {
	filters: [
		{ fieldname: "from_date", label: __("Referred from"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Referred to"), fieldtype: "Date" },
		{ fieldname: "service_provider", label: __("Service provider"), fieldtype: "Link", options: "Service Provider" },
		{ fieldname: "urgency", label: __("Urgency"), fieldtype: "Select", options: "\nRoutine\nUrgent\nEmergency" },
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "caseworker", label: __("Caseworker"), fieldtype: "Link", options: "User" },
	],
};
