// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

const DUPLICATE_CHECK_FIELDS = ["first_name", "last_name", "date_of_birth", "phone", "email"];

frappe.ui.form.on("Client", {
	refresh(frm) {
		case_management.render_household(frm, frm.doc.name);
		if (frm.is_new()) check_duplicates(frm);
		if (frm.is_new()) return;
		show_cases(frm);
		if (frm.doc.id_number_masked && frappe.user.has_role(["Case Management Admin", "System Manager"])) {
			frm.add_custom_button(__("Show document number"), () => show_id_number(frm), __("Identity"));
		}
		if (!frappe.model.can_create("Case")) return;
		frm.add_custom_button(__("Start case"), () => start_case(frm)).addClass("btn-primary");
	},
});

// The client's cases this user may see, with their state and risk; next actions for the open one.
function show_cases(frm) {
	frappe.db
		.get_list("Case", {
			filters: { client: frm.doc.name },
			fields: ["name", "workflow_state", "risk_level", "caseworker", "next_follow_up_date", "intake_date"],
			order_by: "intake_date desc",
			limit: 20,
		})
		.then((cases) => {
			if (frm.doc.name !== frm.docname || !cases.length) return;
			const esc = frappe.utils.escape_html;
			const colours = case_management.RISK_COLOURS;
			const rows = cases
				.map(
					(c) => `<tr>
						<td><a href="/app/case/${encodeURIComponent(c.name)}">${esc(c.name)}</a></td>
						<td>${esc(__(c.workflow_state || ""))}</td>
						<td>${c.risk_level ? `<span class="indicator-pill ${colours[c.risk_level]}">${esc(__(c.risk_level))}</span>` : `<span class="text-muted">${__("Not assessed")}</span>`}</td>
						<td>${esc(c.caseworker || "")}</td>
						<td>${c.next_follow_up_date ? esc(frappe.datetime.str_to_user(c.next_follow_up_date)) : ""}</td>
					</tr>`
				)
				.join("");
			frm.dashboard.add_section(
				`<table class="table table-sm mb-0"><thead><tr><th>${__("Case")}</th><th>${__("State")}</th><th>${__("Risk")}</th>
				<th>${__("Caseworker")}</th><th>${__("Next follow-up")}</th></tr></thead><tbody>${rows}</tbody></table>`,
				__("Cases")
			);
			const open = cases.find((c) => c.workflow_state !== "Closed");
			if (!open) return;
			if (open.risk_level) {
				frm.dashboard.set_headline_alert(
					__("Open case {0}: risk level {1}", [esc(open.name), __(open.risk_level)]),
					colours[open.risk_level]
				);
			}
			const group = __("Next for {0}", [open.name]);
			frm.add_custom_button(__("New assessment"), () => frappe.new_doc("Vulnerability Assessment", { case: open.name }), group);
			frm.add_custom_button(__("Create referral"), () => frappe.new_doc("Referral", { case: open.name }), group);
			frm.add_custom_button(__("Schedule visit"), () => frappe.new_doc("Follow-up Visit", { case: open.name }), group);
			frm.add_custom_button(__("Open case"), () => frappe.set_route("Form", "Case", open.name), group);
		});
}

// While a new client is filled in, show the existing records that are likely the same person.
for (const field of DUPLICATE_CHECK_FIELDS) {
	frappe.ui.form.on("Client", field, (frm) => frm.is_new() && check_duplicates(frm));
}

const check_duplicates = frappe.utils.debounce((frm) => {
	const args = {};
	for (const f of [...DUPLICATE_CHECK_FIELDS, "address_line1", "postal_code"]) args[f] = frm.doc[f] || null;
	if (!(args.first_name && (args.last_name || args.date_of_birth)) && !args.phone && !args.email) {
		frm.set_intro("");
		return;
	}
	frappe
		.call({ method: "case_management.api.duplicates.likely_duplicates", args, type: "GET" })
		.then(({ message: matches }) => {
			if (!frm.is_new()) return;
			if (!matches || !matches.length) {
				frm.set_intro("");
				return;
			}
			const esc = frappe.utils.escape_html;
			const items = matches
				.map((m) => {
					const who = `${esc(m.full_name)} · ${esc(frappe.datetime.str_to_user(m.date_of_birth) || "")} ${esc(m.phone || "")}`;
					const link = m.can_open ? `<a href="/app/client/${encodeURIComponent(m.name)}">${who}</a>` : who;
					return `<li>${link} — ${Math.round(m.score * 100)}%: ${m.reasons.map(esc).join(", ")}</li>`;
				})
				.join("");
			frm.set_intro(
				`<b>${__("This may be someone already registered:")}</b><ul class="mb-0">${items}</ul>` +
					__("Open the existing client instead of saving a new one, or start their case from the intake search."),
				"yellow"
			);
		});
}, 400);

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

// Admins only (the server refuses everyone else, and logs each look): the whole number, once.
function show_id_number(frm) {
	frappe
		.call("case_management.api.identity.reveal_id_number", { client: frm.doc.name })
		.then((r) => {
			frappe.msgprint({
				title: __("Identity document"),
				message: frappe.utils.escape_html(r.message.id_number || __("No number stored")),
			});
		});
}
