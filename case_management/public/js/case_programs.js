// The Case form's Programs section: each open program's eligibility decision for this case,
// with a reason per rule, the case's enrolment in it, and a one-step Refer.
frappe.provide("case_management");

frappe.ui.form.on("Case", {
	refresh(frm) {
		if (frm.is_new()) return;
		frappe
			.call({
				method: "case_management.api.programs.get_case_programs",
				type: "GET", // a read: the method answers GET only
				args: { case: frm.doc.name },
			})
			.then((r) => case_management.render_programs(frm, r.message || []));
	},
});

case_management.render_programs = function (frm, programs) {
	const esc = frappe.utils.escape_html;
	const colours = { Eligible: "green", "Not eligible": "red", Unknown: "orange" };
	const marks = { passed: "✓", failed: "✗", unknown: "?" };
	const open = ["Referred", "Waitlisted", "Enrolled"];
	const rows = programs.map((p) => {
		const d = p.decision;
		const e = p.enrolment;
		const places =
			p.free_places === null ? __("no limit on places") : __("{0} of {1} places free", [p.free_places, p.capacity]);
		let enrolment = "";
		if (e) {
			enrolment = `<div class="small mt-1"><a href="/app/program-enrolment/${encodeURIComponent(e.name)}">${esc(e.name)}</a>
				· <b>${esc(__(e.status))}</b>${e.waitlist_position && e.status === "Waitlisted" ? " · " + __("position {0}", [e.waitlist_position]) : ""}
				${e.offer_status === "Offered" ? " · " + __("offer open until {0}", [frappe.datetime.str_to_user(e.offer_reply_by)]) : ""}
				${e.status_reason ? `<div class="text-muted">${esc(e.status_reason)}</div>` : ""}</div>`;
		}
		const canRefer = frm.perm[0] && frm.perm[0].write && !(e && open.includes(e.status));
		const reasons = d.rules
			.map((r) => `<li class="${r.outcome === "passed" ? "text-muted" : ""}">${marks[r.outcome]} ${esc(r.reason)}</li>`)
			.join("");
		return `<div class="case-program border-bottom py-2" data-program="${esc(p.program)}">
			<div class="d-flex justify-content-between align-items-start">
				<div><b>${esc(p.program)}</b> <span class="text-muted small">${esc(p.provider || "")} · ${esc(places)}</span></div>
				<div><span class="indicator-pill ${colours[d.status] || "gray"}">${esc(__(d.status))}</span>
				${canRefer ? `<button class="btn btn-xs btn-default ml-2 refer-program" data-program="${esc(p.program)}">${__("Refer")}</button>` : ""}</div>
			</div>
			<ul class="list-unstyled small mb-0 mt-1">${reasons || `<li class="text-muted">${esc(d.summary)}</li>`}</ul>
			${enrolment}
		</div>`;
	});
	const html = rows.length ? rows.join("") : `<p class="text-muted">${__("No program is open.")}</p>`;
	frm.dashboard.add_section(`<div class="case-programs">${html}</div>`, __("Programs"));
	frm.dashboard.show();
	frm.dashboard.wrapper.find(".refer-program").on("click", (ev) => {
		const program = ev.currentTarget.dataset.program;
		frappe
			.call("case_management.api.programs.refer", { case: frm.doc.name, program })
			.then((r) => {
				frappe.show_alert({ message: esc(r.message.status_reason || r.message.status), indicator: "green" });
				frm.reload_doc();
			});
	});
};
