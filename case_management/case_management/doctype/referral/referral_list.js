// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.listview_settings["Referral"] = {
	add_fields: ["status", "due_date"],
	get_indicator(doc) {
		if (doc.status === "Sent" && doc.due_date && doc.due_date < frappe.datetime.get_today()) {
			return [__("Overdue"), "red", "status,=,Sent|due_date,<,Today"];
		}
		const colours = {
			Draft: "gray",
			Sent: "blue",
			Accepted: "cyan",
			Declined: "orange",
			"In Progress": "purple",
			Completed: "green",
			Cancelled: "darkgrey",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
