// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

frappe.ui.form.on("Program", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Waitlist"), () => show_waitlist(frm));
		frm.add_custom_button(__("Log services for many"), () => log_many(frm));
	},
});

function show_waitlist(frm) {
	frappe
		.call({ method: "case_management.api.programs.get_waitlist", type: "GET", args: { program: frm.doc.name } })
		.then((r) => {
			const w = r.message;
			const esc = frappe.utils.escape_html;
			const rows = w.waitlist
				.map(
					(p) => `<tr><td>${p.position}</td><td>${
						p.enrolment ? `<a href="/app/program-enrolment/${encodeURIComponent(p.enrolment)}">${esc(p.client_name)}</a>` : esc(p.client_name)
					}</td><td>${esc(p.reason)}</td></tr>`
				)
				.join("");
			const places = w.capacity
				? w.places.open_offers === 1
					? __("{0} enrolled, 1 offer open, of {1} places", [w.places.enrolled, w.capacity])
					: __("{0} enrolled, {1} offers open, of {2} places", [w.places.enrolled, w.places.open_offers, w.capacity])
				: __("{0} enrolled; no limit on places", [w.places.enrolled]);
			frappe.msgprint({
				title: __("Waitlist of {0} ({1})", [w.program, __(w.policy)]),
				message: `<p>${esc(places)}</p><table class="table table-sm"><thead><tr><th>#</th><th>${__("Client")}</th><th>${__("Why this position")}</th></tr></thead><tbody>${
					rows || `<tr><td colspan="3" class="text-muted">${__("Nobody is waiting.")}</td></tr>`
				}</tbody></table>`,
				wide: true,
			});
		});
}

function log_many(frm) {
	frappe.db
		.get_list("Program Enrolment", {
			filters: { program: frm.doc.name, status: "Enrolled" },
			fields: ["name", "client_name"],
			limit: 200,
			order_by: "client_name asc",
		})
		.then((enrolled) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Log a service for many clients"),
				fields: [
					{ fieldname: "service", label: __("Service"), fieldtype: "Select", reqd: 1, options: (frm.doc.services || []).map((s) => s.service).join("\n") },
					{ fieldname: "delivered_on", label: __("Delivered on"), fieldtype: "Date", reqd: 1, default: frappe.datetime.get_today() },
					{ fieldname: "quantity", label: __("Quantity each"), fieldtype: "Float", reqd: 1, default: 1 },
					{ fieldname: "note", label: __("Note"), fieldtype: "Small Text" },
					{
						fieldname: "enrolments",
						label: __("Clients"),
						fieldtype: "MultiCheck",
						reqd: 1,
						options: enrolled.map((e) => ({ label: e.client_name, value: e.name })),
					},
				],
				primary_action_label: __("Log"),
				primary_action(values) {
					frappe
						.call({
							method: "case_management.api.programs.log_services",
							args: { program: frm.doc.name, ...values },
							freeze: true,
						})
						.then((r) => {
							dialog.hide();
							frappe.show_alert({ message: __("{0} services logged", [r.message.logged]), indicator: "green" });
						});
				},
			});
			dialog.show();
		});
}
