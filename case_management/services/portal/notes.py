"""Editing a case note from the portal: only its author, and the earlier wording stays in the
note's history (Case Note tracks changes, so each edit is a Version)."""

import frappe
from frappe import _

from case_management.engine.case_notes import edit_problem
from case_management.services.portal.common import NOTE_TYPES, bad_input, case_for


def note_html(text: str) -> str:
	"""A note typed as plain text, stored as the Text Editor field's markup."""
	return "<p>" + frappe.utils.escape_html(text.strip()).replace("\n", "<br>") + "</p>"


def edit_note(note: str, subject: str, text: str, note_type: str | None = None) -> dict:
	"""Save the author's new wording of a note on a case they may still write to."""
	row = frappe.db.get_value("Case Note", note, ["name", "case", "owner"], as_dict=True) if note else None
	if not row:
		frappe.throw(
			_("Note {0} was not found.").format(frappe.utils.escape_html(note or "")),
			frappe.DoesNotExistError,
		)
	case_for(row.case, "write")
	problem = edit_problem(row.owner, frappe.session.user, subject, text)
	if problem == "not_author":
		frappe.throw(_("Only the person who wrote a note can edit it."), frappe.PermissionError)
	if problem == "empty":
		bad_input(_("A note needs a subject and some text."))
	if note_type and note_type not in NOTE_TYPES:
		bad_input(_("{0} is not a kind of note.").format(frappe.utils.escape_html(note_type)))
	doc = frappe.get_doc("Case Note", row.name)
	doc.check_permission("write")
	doc.subject = subject.strip()[:140]
	doc.note = note_html(text)
	if note_type:
		doc.note_type = note_type
	doc.save(ignore_version=False)  # the earlier wording is kept, even where Frappe would skip it (tests)
	return {"name": doc.name, "edited": True}


def edited_notes(names: list[str]) -> set[str]:
	"""Which of these notes were changed after they were written (they have a Version)."""
	if not names:
		return set()
	return set(
		frappe.get_all(
			"Version",
			filters={"ref_doctype": "Case Note", "docname": ("in", names)},
			pluck="docname",
			distinct=True,
		)
	)
