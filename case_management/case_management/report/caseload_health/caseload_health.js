// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.query_reports["Caseload Health"] = {
	filters: [
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "Caseworker Team" },
		{ fieldname: "on", label: __("As of"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	onload(report) {
		if (!frappe.user.has_role("Case Supervisor") && !frappe.user.has_role("Case Management Admin")) return;
		report.page.add_inner_button(__("Reassign cases"), () => case_management_reassign_dialog());
	},
};

function case_management_reassign_dialog() {
	const dialog = new frappe.ui.Dialog({
		title: __("Reassign a caseload"),
		fields: [
			{ fieldname: "from_user", fieldtype: "Link", options: "User", label: __("From caseworker"), reqd: 1 },
			{ fieldname: "to_user", fieldtype: "Link", options: "User", label: __("To caseworker"), reqd: 1 },
		],
		primary_action_label: __("Reassign open cases"),
		primary_action(values) {
			frappe
				.call({ method: "case_management.api.caseload.reassign_cases", args: values, freeze: true })
				.then((r) => {
					dialog.hide();
					frappe.show_alert({
						message: __("{0} cases and {1} open tasks moved", [r.message.cases, r.message.todos]),
						indicator: "green",
					});
					frappe.query_report.refresh();
				});
		},
	});
	dialog.show();
}
