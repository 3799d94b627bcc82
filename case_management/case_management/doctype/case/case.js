// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Case", {
	refresh(frm) {
		if (frm.doc.risk_level) {
			const colours = { Low: "green", Medium: "yellow", High: "orange", Critical: "red" };
			frm.dashboard.set_headline_alert(
				__("Risk level: {0}", [__(frm.doc.risk_level)]),
				colours[frm.doc.risk_level]
			);
		}
	},
});
