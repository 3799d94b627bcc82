// A visit's form: write the note about it (the note opens with the visit's date, mode and who
// was present; case_note.js asks the server for that opening).
frappe.ui.form.on("Follow-up Visit", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_create("Case Note")) return;
		frm.add_custom_button(__("Write a note about this visit"), () =>
			frappe.new_doc("Case Note", { case: frm.doc.case, visit: frm.doc.name })
		);
	},
});
