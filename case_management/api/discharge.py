"""The discharge summary of a closing case, in the portal and the desk: draft it, edit it,
approve it. Typed and permission-checked: the user must be case staff who may change the case
(drafting), the summary (editing, only while Draft), and a supervisor who did not write it
(approving: services/discharge.py and engine/discharge.py)."""

import frappe
from frappe import _

from case_management.engine import discharge as rules
from case_management.engine.case_workflow import CLOSED
from case_management.services import discharge
from case_management.services.portal import bad_input, case_for, parse_json, require_staff

MAX_SECTION = 20_000


def summary_for(name: str, ptype: str = "read"):
	"""The summary, if the user may `ptype` it; otherwise a refusal that names nothing but the id."""
	if not name or not frappe.db.exists("Discharge Summary", name):
		frappe.throw(
			_("Discharge summary {0} was not found.").format(frappe.utils.escape_html(name or "")),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Discharge Summary", name)
	if not doc.has_permission(ptype):
		if ptype != "read" and doc.status == "Approved" and doc.has_permission("read"):
			frappe.throw(_("An approved discharge summary cannot be changed."), frappe.PermissionError)
		frappe.throw(
			_("You do not have access to discharge summary {0}.").format(doc.name), frappe.PermissionError
		)
	return doc


def as_dict(doc) -> dict:
	return {
		"name": doc.name,
		"case": doc.case,
		"status": doc.status,
		"drafted_by": doc.drafted_by,
		"approved_by": doc.approved_by,
		"approved_on": str(doc.approved_on or ""),
		"pdf_file": doc.pdf_file,
		"client_copy": doc.client_copy,
		"sections": [
			{
				"key": key,
				"heading": _(heading),
				"required": required,
				"for_client": for_client,
				"text": doc.get(key) or "",
			}
			for key, heading, required, for_client in rules.SECTIONS
		],
	}


@frappe.whitelist(methods=["POST"])
def draft(case: str) -> dict:
	"""The case's discharge summary for its closure, drafted from the case's facts when there is
	none yet (an existing draft is returned as it is)."""
	require_staff()
	doc = case_for(case, "write")
	if doc.workflow_state == CLOSED:
		bad_input(_("This case is closed: its discharge summary is already kept."))
	return as_dict(frappe.get_doc("Discharge Summary", discharge.draft_for(doc)))


@frappe.whitelist(methods=["POST"])
def save(summary: str, sections: dict | str) -> dict:
	"""Change a draft's sections ({key: text}); the writer becomes its author (drafted_by)."""
	require_staff()
	doc = summary_for(summary, "write")
	values = parse_json(sections, _("sections"))
	if not isinstance(values, dict) or not values:
		bad_input(_("Send the sections to change."))
	unknown = [key for key in values if key not in rules.KEYS]
	if unknown:
		bad_input(
			_("{0} is not a section of a discharge summary.").format(
				frappe.utils.escape_html(str(unknown[0]))
			)
		)
	for key, text in values.items():
		if not isinstance(text, str) or len(text) > MAX_SECTION:
			bad_input(
				_("{0}: write text of at most {1} characters.").format(_(rules.HEADINGS[key]), MAX_SECTION)
			)
		doc.set(key, text.strip())
	doc.save()
	return as_dict(doc)


@frappe.whitelist(methods=["POST"])
def approve(summary: str) -> dict:
	"""Approve a draft summary (a supervisor who did not write it); its PDF is kept on the case."""
	require_staff()
	doc = summary_for(summary, "read")
	if doc.status != "Draft":
		bad_input(_("This discharge summary is already approved."))
	if not doc.has_permission("write"):
		frappe.throw(
			_("You do not have access to discharge summary {0}.").format(doc.name), frappe.PermissionError
		)
	discharge.approve(doc)
	return as_dict(doc)


@frappe.whitelist(methods=["GET"])
def summaries(case: str) -> dict:
	"""The case's current summary (if any) and every earlier one, newest first."""
	require_staff()
	case_for(case, "read")
	current = discharge.current_summary(case)
	return {
		"current": as_dict(frappe.get_doc("Discharge Summary", current.name)) if current else None,
		"all": discharge.summaries_of(case),
	}
