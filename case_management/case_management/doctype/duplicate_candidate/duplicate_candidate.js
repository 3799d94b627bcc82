// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Duplicate Candidate", {
	refresh(frm) {
		frm.disable_save();
		frappe
			.call({ method: "case_management.api.duplicates.compare_pair", args: { candidate: frm.doc.name }, type: "GET" })
			.then(({ message }) => {
				frm.pair = message;
				render_side_by_side(frm, message);
				add_actions(frm, message);
			});
	},
});

function value_text(field, value) {
	if (value === null || value === undefined || value === "") return `<span class="text-muted">—</span>`;
	if (["ok_to_email", "ok_to_sms", "safe_to_text"].includes(field)) return value ? __("Yes") : __("No");
	if (field === "date_of_birth") return frappe.datetime.str_to_user(value);
	return frappe.utils.escape_html(String(value));
}

function render_side_by_side(frm, pair) {
	const esc = frappe.utils.escape_html;
	const a = pair.client_a;
	const b = pair.client_b;
	if (!a || !b) {
		const log = pair.merge_log ? `<a href="/app/client-merge-log/${encodeURIComponent(pair.merge_log)}">${esc(pair.merge_log)}</a>` : "";
		frm.fields_dict.side_by_side_html.$wrapper.html(
			`<p>${__("These records were merged.")} ${log ? __("See the merge log {0}.", [log]) : ""}</p>`
		);
		return;
	}
	const head = (c) =>
		`<a href="/app/client/${encodeURIComponent(c.name)}">${esc(c.full_name || c.name)}</a>
		<div class="text-muted small">${esc(c.name)} · ${__("registered {0}", [frappe.datetime.str_to_user(c.creation)])}</div>`;
	const rows = pair.fields
		.map((f) => {
			const differs = pair.differing.includes(f);
			return `<tr class="${differs ? "table-warning" : ""}">
				<th scope="row">${esc(pair.labels[f])}</th>
				<td>${value_text(f, a[f])}</td><td>${value_text(f, b[f])}</td></tr>`;
		})
		.join("");
	const linked = (c) =>
		Object.entries(c.linked || {})
			.map(([dt, n]) => `${esc(__(dt))}: ${n}`)
			.join(", ") || __("nothing linked");
	frm.fields_dict.side_by_side_html.$wrapper.html(`
		<p><b>${__("Score")}:</b> ${Math.round(pair.score * 100)}% · ${pair.reasons.map(esc).join(" · ")}</p>
		<table class="table table-bordered table-sm">
			<thead><tr><th></th><th>${head(a)}</th><th>${head(b)}</th></tr></thead>
			<tbody>${rows}
				<tr><th scope="row">${__("Linked documents")}</th><td>${linked(a)}</td><td>${linked(b)}</td></tr>
			</tbody>
		</table>
		<p class="text-muted small">${__("Highlighted rows differ.")}</p>`);
}

function add_actions(frm, pair) {
	if (pair.status === "Merged" && pair.merge_log) {
		frm.add_custom_button(__("Merge log"), () => frappe.set_route("Form", "Client Merge Log", pair.merge_log));
	}
	if (pair.status !== "Open" || !pair.client_a || !pair.client_b) return;
	frm.add_custom_button(__("Not a duplicate"), () =>
		frappe
			.call({ method: "case_management.api.duplicates.mark_not_duplicate", args: { candidate: frm.doc.name } })
			.then(() => frm.reload_doc())
	);
	frm.add_custom_button(__("Merge…"), () => merge_dialog(frm, pair)).addClass("btn-primary");
}

function merge_dialog(frm, pair) {
	const a = pair.client_a;
	const b = pair.client_b;
	const label = (c) => `${c.full_name} (${c.name})`;
	const fields = [
		{
			fieldname: "survivor",
			fieldtype: "Select",
			label: __("Keep this record"),
			options: [
				{ label: label(a), value: a.name },
				{ label: label(b), value: b.name },
			],
			default: a.creation <= b.creation ? a.name : b.name,
			description: __("The other record is removed; its cases, household, referrals, notes, visits, alerts, tasks, comments and files move to this one."),
		},
		{ fieldtype: "Section Break", label: __("Values to keep") },
	];
	for (const f of pair.differing) {
		fields.push({
			fieldname: f,
			fieldtype: "Select",
			label: pair.labels[f],
			options: [
				{ label: `${label(a)}: ${strip(value_text(f, a[f]))}`, value: a.name },
				{ label: `${label(b)}: ${strip(value_text(f, b[f]))}`, value: b.name },
			],
		});
	}
	const dialog = new frappe.ui.Dialog({
		title: __("Merge two client records"),
		fields,
		size: "large",
		primary_action_label: __("Merge"),
		primary_action(values) {
			const other = values.survivor === a.name ? b.name : a.name;
			const choices = {};
			for (const f of pair.differing) choices[f] = values[f] === values.survivor ? "survivor" : "other";
			frappe
				.call({
					method: "case_management.api.duplicates.merge_clients",
					args: { candidate: frm.doc.name, survivor: values.survivor, choices },
					freeze: true,
					freeze_message: __("Merging {0} into {1}…", [other, values.survivor]),
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.show_alert({ message: __("Merged; the merge can be undone from its log"), indicator: "green" });
					frappe.set_route("Form", "Client", message.survivor);
				});
		},
	});
	// Default to the engine's choice for each field (engine.merging), for the chosen survivor.
	const set_defaults = () => {
		const keep = pair.defaults[dialog.get_value("survivor")] || {};
		for (const f of pair.differing) dialog.set_value(f, keep[f]);
	};
	dialog.fields_dict.survivor.df.onchange = set_defaults;
	dialog.show();
	set_defaults();
}

function strip(html) {
	return $("<div>").html(html).text();
}
