// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.listview_settings["Inbound Message"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			// stored, not acted on yet: a background job takes it; the scheduler retries after two minutes
			Received: "orange",
			Handled: "green",
			"Needs caseworker": "blue",
			"Needs admin": "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
