"""Structured notes and objectivity hints: loads templates, visits and the word list, hands the
rules to engine/note_templates.py and engine/note_hints.py, and writes the hint counters.

Used by the Case Note controller, the portal's add-note form and api/notes.py (desk and portal).
"""

import frappe
from frappe import _

from case_management.engine.note_hints import find_hints, not_yet_counted
from case_management.engine.note_templates import (
	note_problems,
	note_text,
	sections_for_note,
	template_problems,
	visit_note_type,
	visit_opening,
)

HINT_FIELDS = ["name", "phrase", "kind", "suggestion", "language"]
# A hint that stays on screen while a note is typed counts once per writer, case and hour.
COUNTED_FOR_SECONDS = 3600


def active_templates() -> list[dict]:
	return frappe.get_all(
		"Note Template",
		filters={"is_active": 1},
		fields=["name", "template_name", "description", "note_type", "language"],
		order_by="template_name asc",
	)


def template_sections(template: str) -> list[dict]:
	return frappe.get_all(
		"Note Template Section",
		filters={"parent": template, "parenttype": "Note Template"},
		fields=["heading", "prompt", "required"],
		order_by="idx asc",
	)


def check_template(doc) -> None:
	"""Note Template.validate: sections, each with a distinct heading."""
	messages = {
		"no_sections": _("A note template needs at least one section."),
		"no_heading": _("Section {0} of the template needs a heading."),
		"duplicate_heading": _("Section {0} has the same heading as an earlier section."),
	}
	problems = template_problems([row.as_dict() for row in doc.sections])
	if problems:
		frappe.throw(
			"<br>".join(messages[code].format(row) for code, row in problems),
			frappe.ValidationError,
			title=_("Please check this"),
		)


def visit_for(case: str, visit: str) -> frappe._dict:
	"""The visit, if it is one of the case's visits (else a refusal naming only the id)."""
	row = frappe.db.get_value(
		"Follow-up Visit",
		visit,
		["name", "case", "mode", "due_date", "scheduled_time", "completed_on", "present"],
		as_dict=True,
	)
	if not row or row.case != case:
		frappe.throw(_("That visit is not one of this case's visits."), frappe.PermissionError)
	return row


def visit_when(row) -> str:
	moment = row.completed_on or row.scheduled_time
	return (
		frappe.utils.format_datetime(moment, "d MMM yyyy HH:mm")
		if moment
		else (frappe.utils.format_date(row.due_date, "d MMM yyyy") if row.due_date else "")
	)


def draft(case: str, template: str | None = None, visit: str | None = None) -> dict:
	"""A new note's starting point: the template's sections (with prompts), and for a visit its
	date as the note's date, its mode as the kind of note and an opening line with the visit's
	date, mode and who was present (first section, or the note text without a template)."""
	out = {"template": None, "sections": [], "note_type": None, "note_date": None, "opening": ""}
	if template:
		row = frappe.db.get_value("Note Template", template, ["name", "is_active", "note_type"], as_dict=True)
		if not row:
			frappe.throw(_("Note template {0} was not found.").format(frappe.utils.escape_html(template)))
		if not row.is_active:
			frappe.throw(_("The note template {0} is not active.").format(row.name))
		out.update(template=row.name, note_type=row.note_type)
	if visit:
		v = visit_for(case, visit)
		mode = _(v.mode) if v.mode else ""
		out["opening"] = visit_opening(mode, visit_when(v), v.present, _("Present"))
		out["note_type"] = visit_note_type(v.mode)
		out["note_date"] = str(v.completed_on or v.scheduled_time or f"{v.due_date} 09:00:00")
		out["visit"] = v.name
	if template:
		out["sections"] = sections_for_note(template_sections(template), out["opening"])
	return out


def check_note(doc) -> None:
	"""Case Note.validate for notes with sections: the template (active when the note is
	written), its required sections filled, no section it does not have; the note's text is
	then made from its sections, each under its heading."""
	if doc.visit:
		visit_for(doc.case, doc.visit)
	if not doc.note_template and not doc.sections:
		if not frappe.utils.strip_html(doc.note or "").strip():
			frappe.throw(_("A note needs a subject and some text."), frappe.MandatoryError)
		return
	wanted, active = [], None
	if doc.note_template:
		active = frappe.db.get_value("Note Template", doc.note_template, "is_active")
		if active is None:
			frappe.throw(
				_("Note template {0} was not found.").format(frappe.utils.escape_html(doc.note_template))
			)
		active = (
			bool(active) or not doc.is_new()
		)  # a note written before the template was retired stays editable
		wanted = template_sections(doc.note_template)
		if not doc.sections:
			for row in sections_for_note(wanted):
				doc.append("sections", row)
		by_heading = {w.heading.strip().lower(): w for w in wanted}
		for row in doc.sections:
			if match := by_heading.get((row.heading or "").strip().lower()):
				row.prompt, row.required = match.prompt, match.required
	messages = {
		"inactive_template": _("The note template {0} is not active: choose another one.").format(
			doc.note_template
		),
		"required_empty": _("The section {0} is required by the template."),
		"unknown_section": _("The template has no section {0}."),
		"all_empty": _("A note needs some text in at least one section."),
	}
	problems = note_problems(active, wanted, [row.as_dict() for row in doc.sections])
	if problems:
		frappe.throw(
			"<br>".join(messages[code].format(frappe.utils.escape_html(h or "")) for code, h in problems),
			frappe.ValidationError,
			title=_("Please check this"),
		)
	doc.note = note_html(note_text([row.as_dict() for row in doc.sections]))


def note_html(sections: list[tuple[str, str]]) -> str:
	"""The note's readable text: each heading in bold, its text below (escaped, line breaks kept).
	Plain paragraphs read the same in the desk, the timeline, the portal and the PDF."""
	parts = []
	for heading, content in sections:
		text = frappe.utils.escape_html(content).replace("\n", "<br>")
		parts.append(f"<p><strong>{frappe.utils.escape_html(heading)}</strong></p><p>{text}</p>")
	return "".join(parts)


def hints(case: str, text: str) -> list[dict]:
	"""The objectivity hints for a note being written on `case`; each hint shown for the first
	time to this writer on this case (within the hour) adds one to its phrase's counter."""
	phrases = frappe.get_all("Note Hint Phrase", filters={"is_active": 1}, fields=HINT_FIELDS)
	found = find_hints(text or "", phrases)
	key = f"cm:note-hints:{frappe.session.user}:{case}"
	counted = frappe.cache.get_value(key, expires=True) or []
	new = not_yet_counted(found, counted)
	if new:
		# One statement for all of them; a counter, not a record a user edits (no version).
		frappe.db.sql(
			"update `tabNote Hint Phrase` set times_shown = ifnull(times_shown, 0) + 1 where name in %(names)s",
			{"names": tuple(new)},
		)
		frappe.cache.set_value(key, [*counted, *new], expires_in_sec=COUNTED_FOR_SECONDS)
	return [{k: h[k] for k in ("phrase", "kind", "suggestion", "found", "count")} for h in found]
