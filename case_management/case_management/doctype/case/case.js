// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Case", {
	refresh(frm) {
		case_management.render_household(frm, frm.doc.client);
		show_risk(frm);
		if (frm.is_new()) return;
		add_next_actions(frm);
		show_overdue(frm);
		show_explanation(frm);
	},
});

function add_next_actions(frm) {
	const closed = frm.doc.workflow_state === "Closed";
	const assess = __("Assess");
	const create = __("Create");
	if (!closed) {
		frm.add_custom_button(
			__("New assessment"),
			() => frappe.new_doc("Vulnerability Assessment", { case: frm.doc.name }),
			assess
		);
		frm.add_custom_button(__("Send safety alert"), () => send_safety_alert(frm), assess);
		if (frappe.user.has_role("Case Supervisor") || frappe.user.has_role("Case Management Admin")) {
			frm.add_custom_button(__("Override risk level"), () => override_risk(frm), assess);
		}
		frm.add_custom_button(
			__("Schedule visit"),
			() => frappe.new_doc("Follow-up Visit", { case: frm.doc.name, due_date: frm.doc.next_follow_up_date }),
			create
		);
		frm.add_custom_button(__("Create referral"), () => frappe.new_doc("Referral", { case: frm.doc.name }), create);
		frm.add_custom_button(__("Case note"), () => frappe.new_doc("Case Note", { case: frm.doc.name }), create);
	}
	frm.add_custom_button(__("Case notes"), () => frappe.set_route("List", "Case Note", { case: frm.doc.name }), __("View"));
	frm.add_custom_button(
		__("Case Summary (PDF)"),
		() =>
			window.open(
				frappe.urllib.get_full_url(
					"/api/method/frappe.utils.print_format.download_pdf?" +
						new URLSearchParams({ doctype: "Case", name: frm.doc.name, format: "Case Summary", no_letterhead: 1 })
				)
			),
		__("View")
	);
}

// Red and orange indicators for what is late on this case: visits and referral replies past due.
function show_overdue(frm) {
	const today = frappe.datetime.get_today();
	Promise.all([
		frappe.db.count("Follow-up Visit", { filters: { case: frm.doc.name, status: "Scheduled", due_date: ["<", today] } }),
		frappe.db.count("Referral", { filters: { case: frm.doc.name, status: "Sent", due_date: ["<", today] } }),
	]).then(([visits, referrals]) => {
		if (frm.doc.name !== frm.docname) return;
		if (visits) frm.dashboard.add_indicator(__("{0} overdue visit(s)", [visits]), "red");
		if (referrals) frm.dashboard.add_indicator(__("{0} referral(s) awaiting a reply past due", [referrals]), "orange");
		if (frm.doc.next_follow_up_date) {
			const late = frm.doc.next_follow_up_date < today;
			frm.dashboard.add_indicator(
				__("Next follow-up {0}", [frappe.datetime.str_to_user(frm.doc.next_follow_up_date)]),
				late ? "red" : "blue"
			);
		}
		if (!visits && !referrals && frm.doc.workflow_state !== "Closed") {
			frm.dashboard.add_indicator(__("No overdue visits or referrals"), "green");
		}
	});
}

// The last assessment's trace, readable: each domain's subtotal, each answer's points, the band.
function show_explanation(frm) {
	if (!frm.doc.last_assessment) return;
	frappe.db.get_value("Vulnerability Assessment", frm.doc.last_assessment, "explanation").then(({ message }) => {
		if (!message || !message.explanation || frm.doc.name !== frm.docname) return;
		const link = `<a href="/app/vulnerability-assessment/${encodeURIComponent(frm.doc.last_assessment)}">${frappe.utils.escape_html(frm.doc.last_assessment)}</a>`;
		frm.dashboard.add_section(
			`<div class="small text-muted mb-1">${__("From assessment {0}", [link])}</div>` +
				case_management.explanation_html(message.explanation),
			__("How the score was made")
		);
	});
}

function show_risk(frm) {
	const colours = case_management.RISK_COLOURS;
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
		// an indicator beside the overdue items, so the risk headline keeps its own colour
		frm.dashboard.add_indicator(
			__("Reassessment due since {0}", [frappe.datetime.str_to_user(frm.doc.next_reassessment_date)]),
			"orange"
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
