// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Client Merge Log", {
	refresh(frm) {
		if (frm.doc.status !== "Merged") return;
		if (!frappe.user.has_role(["Case Supervisor", "Case Management Admin"])) return;
		frm.add_custom_button(__("Undo merge"), () => {
			frappe.confirm(
				__("Bring back {0} and move its documents back to it?", [frm.doc.merged_client_name || frm.doc.merged_client]),
				() =>
					frappe
						.call({
							method: "case_management.api.duplicates.undo_merge",
							args: { merge_log: frm.doc.name },
							freeze: true,
						})
						.then(({ message }) => {
							frappe.show_alert({ message: __("Merge undone"), indicator: "green" });
							if (message.notes) frappe.msgprint(message.notes);
							frm.reload_doc();
						})
			);
		});
	},
});
