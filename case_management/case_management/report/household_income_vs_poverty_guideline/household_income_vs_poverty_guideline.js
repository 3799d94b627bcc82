// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Household Income vs Poverty Guideline"] = {
	filters: [
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "caseworker", label: __("Caseworker"), fieldtype: "Link", options: "User" },
		{ fieldname: "risk_level", label: __("Risk level"), fieldtype: "Select", options: "\nLow\nMedium\nHigh\nCritical" },
		{
			fieldname: "band",
			label: __("Band"),
			fieldtype: "Select",
			options: "\nBelow 50%\n50-99%\n100-149%\n150-199%\n200% and above\nNo guideline",
		},
		{ fieldname: "include_closed", label: __("Include closed cases"), fieldtype: "Check" },
	],
};
