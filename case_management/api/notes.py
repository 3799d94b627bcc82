"""Writing a case note, in the desk and the portal: a template's sections, a visit's opening
line, and the objectivity hints. Typed and permission-checked: the user must be case staff
who may write to the case the note is on."""

import frappe
from frappe import _

from case_management.services import notes
from case_management.services.portal import case_for, require_staff

# A note longer than this is not typed by hand; the hints are not worked out for it.
MAX_HINT_TEXT = 50_000


@frappe.whitelist(methods=["GET"])
def note_draft(case: str, template: str | None = None, visit: str | None = None) -> dict:
	"""A new note's sections (with prompts) from a template, and for a visit its date, kind and
	an opening line with the visit's date, mode and who was present."""
	require_staff()
	case_for(case, "write")
	return notes.draft(case, template or None, visit or None)


@frappe.whitelist(methods=["POST"])
def note_hints(case: str, text: str) -> dict:
	"""The objectivity hints for the text of a note being written on the case. Advice only:
	nothing is saved but the count of each hint shown."""
	require_staff()
	case_for(case, "write")
	if len(text or "") > MAX_HINT_TEXT:
		frappe.throw(
			_("A note this long is not checked: it is longer than a note is."), frappe.ValidationError
		)
	return {"hints": notes.hints(case, text or "")}
