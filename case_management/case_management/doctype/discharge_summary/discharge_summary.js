// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Discharge Summary", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Client's copy (PDF)"), () => {
			const url = `/api/method/frappe.utils.print_format.download_pdf?doctype=${encodeURIComponent(
				frm.doctype
			)}&name=${encodeURIComponent(frm.doc.name)}&format=${encodeURIComponent(
				"Discharge Summary (client copy)"
			)}`;
			window.open(url);
		});
		const supervisor = frappe.user.has_role("Case Supervisor") || frappe.user.has_role("Case Management Admin");
		if (frm.doc.status === "Draft" && supervisor) {
			frm.add_custom_button(__("Approve"), () =>
				frappe.confirm(__("Approve this discharge summary? It cannot be changed afterwards."), () =>
					frappe
						.call("case_management.api.discharge.approve", { summary: frm.doc.name })
						.then(() => frm.reload_doc())
				)
			);
		}
	},
});
