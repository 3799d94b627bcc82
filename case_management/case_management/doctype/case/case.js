// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Case", {
	refresh(frm) {
		case_management.render_household(frm, frm.doc.client);
		show_risk(frm);
		if (frm.is_new()) return;
		frm.add_custom_button(
			__("New assessment"),
			() => frappe.new_doc("Vulnerability Assessment", { case: frm.doc.name }),
			__("Assess")
		);
		frm.add_custom_button(__("Send safety alert"), () => send_safety_alert(frm), __("Assess"));
		if (frappe.user.has_role("Case Supervisor") || frappe.user.has_role("Case Management Admin")) {
			frm.add_custom_button(__("Override risk level"), () => override_risk(frm), __("Assess"));
		}
	},
});

function show_risk(frm) {
	const colours = { Low: "green", Medium: "yellow", High: "orange", Critical: "red" };
	if (frm.doc.risk_level) {
		frm.dashboard.set_headline_alert(
			__("Risk level: {0} (score {1}, band {2})", [
				__(frm.doc.risk_level),
				frm.doc.vulnerability_score || 0,
				frm.doc.score_band || "—",
			]),
			colours[frm.doc.risk_level]
		);
	}
	if (frm.doc.next_reassessment_date && frm.doc.next_reassessment_date <= frappe.datetime.get_today()) {
		frm.dashboard.add_comment(
			__("Reassessment due since {0}", [frappe.datetime.str_to_user(frm.doc.next_reassessment_date)]),
			"orange",
			true
		);
	}
}

function override_risk(frm) {
	frappe.prompt(
		[
			{ fieldname: "risk_level", fieldtype: "Select", label: __("Risk level"), options: "Low\nMedium\nHigh\nCritical", reqd: 1 },
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
		],
		(values) =>
			frappe
				.call("case_management.api.assessment.override_risk_level", { case: frm.doc.name, ...values })
				.then(() => frm.reload_doc()),
		__("Override risk level"),
		__("Override")
	);
}

function send_safety_alert(frm) {
	frappe.prompt(
		[{ fieldname: "note", fieldtype: "Small Text", label: __("Why (kept with the alert)") }],
		(values) =>
			frappe.confirm(
				__("Text a safety alert now to the client (only if safe to text) and the designated emergency contacts?"),
				() =>
					frappe
						.call("case_management.api.safety.send_safety_alert", { case: frm.doc.name, note: values.note })
						.then((r) => {
							frappe.show_alert({ message: __("Safety alert {0}: {1}", [r.message.alert, __(r.message.status)]), indicator: "orange" });
							frm.reload_doc();
						})
			),
		__("Send safety alert"),
		__("Continue")
	);
}
