"""Case notes from the portal: writing one (free text, or section by section from a template,
opened by a visit's date, mode and who was present), and editing one (only its author; the
earlier wording stays in the note's history, since Case Note tracks changes)."""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from case_management.engine.case_notes import edit_problem
from case_management.permissions.trails import may_touch
from case_management.services.portal.common import NOTE_TYPES, bad_input, case_for, parse_json

MAX_SECTIONS = 20


def note_html(text: str) -> str:
	"""A note typed as plain text, stored as the Text Editor field's markup."""
	return "<p>" + frappe.utils.escape_html(text.strip()).replace("\n", "<br>") + "</p>"


def section_rows(sections) -> list[dict]:
	"""The sections a form sent: [{heading, content}], as rows for the note (else bad input)."""
	rows = parse_json(sections, _("note's sections")) or []
	if not isinstance(rows, list) or len(rows) > MAX_SECTIONS or not all(isinstance(r, dict) for r in rows):
		bad_input(_("The note's sections could not be read."))
	out = []
	for row in rows:
		heading, content = row.get("heading"), row.get("content")
		if not isinstance(heading, str) or not isinstance(content, str | type(None)):
			bad_input(_("The note's sections could not be read."))
		out.append({"heading": heading.strip()[:140], "content": (content or "").strip()})
	return out


def add_note(
	case: str,
	subject: str,
	note: str | None = None,
	note_type: str | None = None,
	restricted: bool = False,
	template: str | None = None,
	sections=None,
	visit: str | None = None,
) -> dict:
	"""Write a note on a case the user may write to: free text, or from a template with one
	text per section (the template's rules apply: services/notes.py)."""
	doc = case_for(case, "write")
	subject, note = (subject or "").strip(), (note or "").strip()
	rows = section_rows(sections) if template else []
	if not subject or not (note or template):
		bad_input(_("A note needs a subject and some text."))
	if note_type and note_type not in NOTE_TYPES:
		bad_input(_("{0} is not a kind of note.").format(frappe.utils.escape_html(note_type)))
	note_date = now_datetime()
	if visit:
		from case_management.services.notes import visit_for

		row = visit_for(doc.name, visit)
		note_date = get_datetime(row.completed_on or row.scheduled_time or note_date)
	new = frappe.get_doc(
		{
			"doctype": "Case Note",
			"case": doc.name,
			"subject": subject[:140],
			"note": note_html(note) if note and not template else "",
			"note_type": note_type or "Contact",
			"is_restricted": int(bool(restricted)),
			"note_date": note_date,
			"note_template": template or None,
			"visit": visit or None,
			"sections": rows,
		}
	).insert()
	return {"name": new.name}


def edit_note(
	note: str, subject: str, text: str | None = None, note_type: str | None = None, sections=None
) -> dict:
	"""Save the author's new wording of a note on a case they may still write to; a note
	written from a template is edited section by section."""
	row = frappe.db.get_value("Case Note", note, ["name", "case", "owner"], as_dict=True) if note else None
	if not row:
		frappe.throw(
			_("Note {0} was not found.").format(frappe.utils.escape_html(note or "")),
			frappe.DoesNotExistError,
		)
	# the refusal names only the note the caller gave, never the case it is on
	if not may_touch("Case", row.case, "write", frappe.session.user):  # (it keeps Frappe's check logs out)
		frappe.throw(
			_("You do not have access to note {0}.").format(frappe.utils.escape_html(note)),
			frappe.PermissionError,
		)
	rows = section_rows(sections) if sections else []
	written = text or " ".join(r["content"] for r in rows)
	problem = edit_problem(row.owner, frappe.session.user, subject, written)
	if problem == "not_author":
		frappe.throw(_("Only the person who wrote a note can edit it."), frappe.PermissionError)
	if problem == "empty":
		bad_input(_("A note needs a subject and some text."))
	if note_type and note_type not in NOTE_TYPES:
		bad_input(_("{0} is not a kind of note.").format(frappe.utils.escape_html(note_type)))
	doc = frappe.get_doc("Case Note", row.name)
	doc.check_permission("write")
	doc.subject = subject.strip()[:140]
	if doc.sections:
		if not rows:
			bad_input(_("This note is written in sections: edit each section."))
		by_heading = {r["heading"].lower(): r["content"] for r in rows}
		for section in doc.sections:
			section.content = by_heading.get((section.heading or "").lower(), section.content)
	else:
		doc.note = note_html(text or "")
	if note_type:
		doc.note_type = note_type
	doc.save(ignore_version=False)  # the earlier wording is kept, even where Frappe would skip it (tests)
	return {"name": doc.name, "edited": True}


def note_sections(names: list[str]) -> dict[str, list[dict]]:
	"""The sections of these notes, in one query: {note: [{heading, content}]}."""
	if not names:
		return {}
	out: dict[str, list[dict]] = {}
	for row in frappe.get_all(
		"Case Note Section",
		filters={"parenttype": "Case Note", "parent": ("in", names)},
		fields=["parent", "heading", "content"],
		order_by="parent asc, idx asc",
	):
		out.setdefault(row.parent, []).append({"heading": row.heading, "content": row.content or ""})
	return out


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
