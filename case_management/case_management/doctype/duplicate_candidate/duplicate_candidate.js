// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Duplicate Candidate", {
	refresh(frm) {
		frm.disable_save();
		frm.pair = null; // keys wait for this pair's own view
		frappe
			.call({ method: "case_management.api.duplicates.compare_pair", args: { candidate: frm.doc.name }, type: "GET" })
			.then(({ message }) => {
				frm.pair = message;
				render_side_by_side(frm, message);
				add_actions(frm, message);
			});
		listen_for_keys();
	},
});

// Working through the queue with the keyboard, best score first: J the next open pair,
// M merge, N not a duplicate (then the next pair). Keys typed into a field or a dialog are
// left alone.
function listen_for_keys() {
	$(document)
		.off("keydown.duplicate_review")
		.on("keydown.duplicate_review", (e) => {
			const route = frappe.get_route();
			if (route[0] !== "Form" || route[1] !== "Duplicate Candidate" || !cur_frm) return;
			if (!cur_frm.pair || cur_frm.pair.candidate !== cur_frm.doc.name) return;
			if (e.ctrlKey || e.metaKey || e.altKey || $(e.target).is("input, textarea, select, [contenteditable]")) return;
			if ($(".modal.show").length) return;
			const frm = cur_frm;
			const open = frm.pair.status === "Open" && frm.pair.client_a && frm.pair.client_b;
			const key = e.key.toLowerCase();
			if (key === "j") next_pair(frm);
			else if (key === "m" && open) merge_dialog(frm, frm.pair);
			else if (key === "n" && open) not_a_duplicate(frm, true);
			else return;
			e.preventDefault();
		});
}

// The open pair after this one in the queue's order (score, then name), or the first.
function find_next(frm) {
	return frappe.db
		.get_list("Duplicate Candidate", {
			filters: { status: "Open" },
			fields: ["name", "score"],
			order_by: "score desc, name asc",
			limit: 500,
		})
		.then((rows) => {
			const here = rows.findIndex((r) => r.name === frm.doc.name);
			const after = here >= 0 ? rows[here + 1] : rows.find((r) => r.score < frm.doc.score);
			return after || rows.find((r) => r.name !== frm.doc.name);
		});
}

function go_to(next) {
	if (next) frappe.set_route("Form", "Duplicate Candidate", next.name);
	else frappe.show_alert({ message: __("No other pair is waiting for review"), indicator: "green" });
}

function next_pair(frm) {
	find_next(frm).then(go_to);
}

function not_a_duplicate(frm, then_next) {
	const next = then_next ? find_next(frm) : Promise.resolve(null);
	return next.then((found) =>
		frappe
			.call({ method: "case_management.api.duplicates.mark_not_duplicate", args: { candidate: frm.doc.name } })
			.then(() => (then_next ? go_to(found) : frm.reload_doc()))
	);
}

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
	// the identity document as everyone but an admin sees it: its type and last four
	const document_text = (c) =>
		c.id_type ? `${esc(__(c.id_type))}${c.id_number_masked ? " " + esc(c.id_number_masked) : ""}` : "";
	const documents =
		a.id_type || b.id_type
			? `<tr class="${pair.identity_conflict ? "table-warning" : ""}"><th scope="row">${__("Identity document")}</th>
				<td>${document_text(a)}</td><td>${document_text(b)}</td></tr>`
			: "";
	const linked = (c) =>
		Object.entries(c.linked || {})
			.map(([dt, n]) => `${esc(__(dt))}: ${n}`)
			.join(", ") || __("nothing linked");
	frm.fields_dict.side_by_side_html.$wrapper.html(`
		<p><b>${__("Score")}:</b> ${Math.round(pair.score * 100)}% · ${pair.reasons
			.map((r, i) => (i === 0 ? `<b class="deciding-evidence">${esc(r)}</b>` : esc(r)))
			.join(" · ")}</p>
		<table class="table table-bordered table-sm">
			<thead><tr><th></th><th>${head(a)}</th><th>${head(b)}</th></tr></thead>
			<tbody>${rows}${documents}
				<tr><th scope="row">${__("Linked documents")}</th><td>${linked(a)}</td><td>${linked(b)}</td></tr>
			</tbody>
		</table>
		<p class="text-muted small">${__("Highlighted rows differ.")} ${
			pair.identity_conflict ? esc(__("The two records carry different identity documents of one type: only an admin may merge them, giving a reason.")) : ""
		}</p>
		<p class="text-muted small keyboard-hint" data-pair="${esc(pair.candidate)}">${__("Keys: J next pair · M merge · N not a duplicate")}</p>`);
}

function add_actions(frm, pair) {
	if (pair.status === "Merged" && pair.merge_log) {
		frm.add_custom_button(__("Merge log"), () => frappe.set_route("Form", "Client Merge Log", pair.merge_log));
	}
	if (pair.status !== "Open" || !pair.client_a || !pair.client_b) return;
	frm.add_custom_button(__("Not a duplicate"), () => not_a_duplicate(frm, false));
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
	if (!pair.differing.length) {
		// An empty section is hidden by the dialog: say that there is nothing to choose.
		fields.push({
			fieldname: "nothing_differs",
			fieldtype: "HTML",
			options: `<p class="text-muted">${__("The two records agree on every field: there is nothing to choose.")}</p>`,
		});
	}
	if (pair.identity_conflict) {
		fields.splice(1, 0, {
			fieldname: "override_reason",
			fieldtype: "Small Text",
			label: __("Why merge despite different identity documents (admins only)"),
			reqd: 1,
		});
	}
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
					args: { candidate: frm.doc.name, survivor: values.survivor, choices, override_reason: values.override_reason },
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
