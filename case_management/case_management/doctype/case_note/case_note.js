// Case Note in the desk: a template fills the note's sections (with their prompts), a visit
// opens the note with its date, mode and who was present, and the objectivity hints are shown
// above the form while the note is written (advice only: saving is never blocked).
frappe.ui.form.on("Case Note", {
	onload(frm) {
		if (frm.is_new() && frm.doc.visit) frm.trigger("fill_draft");
	},
	refresh(frm) {
		frm.trigger("show_hints");
	},
	note_template(frm) {
		frm.trigger("fill_draft");
	},
	visit(frm) {
		frm.trigger("fill_draft");
	},
	async fill_draft(frm) {
		if (!frm.is_new() || !frm.doc.case) return;
		const { message } = await frappe.call({
			method: "case_management.api.notes.note_draft",
			type: "GET",
			args: { case: frm.doc.case, template: frm.doc.note_template || "", visit: frm.doc.visit || "" },
		});
		if (message.note_type) frm.set_value("note_type", message.note_type);
		if (message.note_date) frm.set_value("note_date", message.note_date);
		frm.clear_table("sections");
		(message.sections || []).forEach((row) => frm.add_child("sections", row));
		frm.refresh_field("sections");
		if (!message.sections.length && message.opening && !frm.doc.note) frm.set_value("note", message.opening);
	},
	note(frm) {
		frm.trigger("show_hints");
	},
	show_hints: frappe.utils.debounce(async (frm) => {
		const parts = (frm.doc.sections || []).map((s) => s.content || "");
		const text = parts.length ? parts.join("\n") : frappe.utils.html2text(frm.doc.note || "");
		if (!frm.doc.case || !text.trim()) return frm.dashboard.clear_headline();
		const { message } = await frappe.call({
			method: "case_management.api.notes.note_hints",
			args: { case: frm.doc.case, text },
		});
		const hints = (message && message.hints) || [];
		if (!hints.length) return frm.dashboard.clear_headline();
		const items = hints
			.map((h) => `<li><b>“${frappe.utils.escape_html(h.found)}”</b> — ${__("Try:")} ${frappe.utils.escape_html(h.suggestion)}</li>`)
			.join("");
		frm.dashboard.set_headline_alert(
			`<div>${__("Worth a second look (advice only: the note saves as it is)")}</div><ul>${items}</ul>`,
			"orange"
		);
	}, 800),
});

frappe.ui.form.on("Case Note Section", {
	content(frm) {
		frm.trigger("show_hints");
	},
});
