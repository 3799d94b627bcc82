// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Scoring Instrument", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status !== "Draft") {
			frm.set_read_only();
			frm.set_df_property("status", "read_only", 0);
			frm.set_intro(__("Published instruments cannot be edited. Make a new version to change it."));
		}
		frm.add_custom_button(__("New version"), () =>
			frm.call("new_version").then((r) => frappe.set_route("Form", "Scoring Instrument", r.message))
		);
	},
});
