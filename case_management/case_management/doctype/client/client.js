// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Client", {
	refresh(frm) {
		case_management.render_household(frm, frm.doc.name);
		if (frm.is_new() || !frappe.model.can_create("Case")) return;
		frm.add_custom_button(__("Start case"), () => start_case(frm)).addClass("btn-primary");
	},
});

function start_case(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Start a case for {0}", [frm.doc.full_name]),
		fields: [
			{
				fieldname: "caseworker",
				fieldtype: "Link",
				options: "User",
				label: __("Caseworker"),
				description: __("Leave empty to assign by the intake assignment rule"),
			},
			{
				fieldname: "checklist_template",
				fieldtype: "Link",
				options: "Intake Checklist Template",
				label: __("Checklist template"),
				description: __("Leave empty for the default template"),
			},
		],
		primary_action_label: __("Start case"),
		primary_action(values) {
			frappe
				.call({
					method: "case_management.api.intake.start_case",
					args: { client: frm.doc.name, ...values },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					if (r.message.can_read) {
						frappe.set_route("Form", "Case", r.message.name);
					} else {
						frappe.show_alert({
							message: __("Case {0} started and assigned to {1}", [
								r.message.name,
								r.message.caseworker,
							]),
							indicator: "green",
						});
					}
				});
		},
	});
	dialog.show();
}
