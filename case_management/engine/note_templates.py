"""Structured case notes: what makes a note template usable, a note written from one, and the
opening line of a note written about a visit.

A template (DAP, SOAP, GIRP, a home-visit note...) is a list of sections, each a heading, a
short prompt and whether it is required. A note written from a template keeps its sections as
rows (heading, text); the note's readable text is the sections in order, each under its heading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

TEMPLATE_PROBLEMS = ("no_sections", "no_heading", "duplicate_heading")
NOTE_PROBLEMS = ("inactive_template", "required_empty", "all_empty", "unknown_section")

VISIT_NOTE_TYPES = {
	"Home visit": "Home visit",
	"Phone": "Phone call",
	"Office visit": "Contact",
	"Video": "Contact",
}


def template_problems(sections: Iterable[Mapping]) -> list[tuple[str, int | None]]:
	"""Why a template cannot be saved: (problem, row number or None); empty when it can.

	A template needs at least one section, every section a heading, and no two sections the
	same heading (a note's sections are read by their headings)."""
	rows = list(sections)
	if not rows:
		return [("no_sections", None)]
	problems, seen = [], set()
	for number, row in enumerate(rows, start=1):
		heading = (row.get("heading") or "").strip()
		if not heading:
			problems.append(("no_heading", number))
			continue
		if heading.lower() in seen:
			problems.append(("duplicate_heading", number))
		seen.add(heading.lower())
	return problems


def note_problems(
	template_active: bool | None, template_sections: Iterable[Mapping], written: Iterable[Mapping]
) -> list[tuple[str, str | None]]:
	"""Why a note written from a template cannot be saved: (problem, section heading or None).

	`template_active` is None for a note without a template (then only "all_empty" applies).
	`written` are the note's sections (heading, content). A required section of the template
	must have text; a section the template does not have is refused; a note needs some text."""
	rows = [
		{"heading": (r.get("heading") or "").strip(), "content": (r.get("content") or "").strip()}
		for r in written
	]
	problems: list[tuple[str, str | None]] = []
	if template_active is False:
		problems.append(("inactive_template", None))
	if template_active is not None:
		wanted = {(s.get("heading") or "").strip().lower(): s for s in template_sections}
		by_heading = {r["heading"].lower(): r for r in rows}
		for key, section in wanted.items():
			if section.get("required") and not by_heading.get(key, {}).get("content"):
				problems.append(("required_empty", section.get("heading")))
		problems += [("unknown_section", r["heading"]) for r in rows if r["heading"].lower() not in wanted]
	if not any(r["content"] for r in rows):
		problems.append(("all_empty", None))
	return problems


def sections_for_note(template_sections: Iterable[Mapping], opening: str | None = None) -> list[dict]:
	"""A new note's sections from its template: heading, prompt, required and empty text; the
	first section starts with `opening` (a visit's date, mode and who was present) if given."""
	rows = [
		{
			"heading": s.get("heading"),
			"prompt": s.get("prompt") or "",
			"required": 1 if s.get("required") else 0,
			"content": "",
		}
		for s in template_sections
	]
	if rows and opening:
		rows[0]["content"] = opening
	return rows


def note_text(sections: Iterable[Mapping]) -> list[tuple[str, str]]:
	"""(heading, text) of each section that has text, in order: what the note reads as."""
	out = []
	for row in sections:
		content = (row.get("content") or "").strip()
		if content:
			out.append(((row.get("heading") or "").strip(), content))
	return out


def visit_opening(
	mode: str | None, when: str | None, present: str | None, present_label: str = "Present"
) -> str:
	"""The first line of a note about a visit: "Home visit, 3 Mar 2026. Present: client, mother."

	`mode` and `when` come translated and formatted for the reader; `present` is who was there."""
	first = ", ".join(part for part in ((mode or "").strip(), (when or "").strip()) if part)
	lines = [first + "." if first else ""]
	if (present or "").strip():
		lines.append(f"{present_label}: {present.strip()}.")
	return " ".join(line for line in lines if line)


def visit_note_type(mode: str | None) -> str:
	"""The kind of note a visit's mode makes (a home visit is a Home visit note...)."""
	return VISIT_NOTE_TYPES.get(mode or "", "Contact")
