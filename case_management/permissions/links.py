"""Links that widen who sees a record: each one needs the user to see its target already.

- A Household Member's `member_client` makes that client visible with the household (see
  `_visible_clients`): only a client the user may already read can be linked.
- A ToDo about a record of the app puts its assignee on the record (its *Assigned* list and
  timeline; the intake rule's ToDo makes its assignee the case's caseworker). Frappe's own
  assign-to (and the app's code, which uses it or inserts with `ignore_permissions`) checks the
  record and shares it only when the assigner may share. A ToDo saved directly (REST, the
  desk's ToDo form) is checked here: only someone who may read the record may create or move
  one, and only to an assignee who may read it already, unless the one assigning may share it.
- Shares: a read-only share reaches a case for reading only (permissions/__init__.py
  `share_right`).
"""

import frappe
from frappe import _

from case_management.permissions.trails import is_app_record, may_touch


def refuse(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Not permitted"))


def require_readable(doctype: str, name: str, message: str) -> None:
	user = frappe.session.user
	if user != "Administrator" and not may_touch(doctype, name, "read", user):
		refuse(message)


def check_member_client(doc) -> None:
	"""Household Member: the linked client record must be one the user already sees."""
	if not doc.member_client or not (doc.is_new() or doc.has_value_changed("member_client")):
		return
	require_readable(
		"Client", doc.member_client, _("You can only link a client record that you can already open.")
	)


def check_todo(doc, method=None) -> None:
	"""ToDo validate: a task about a record of the app."""
	user = frappe.session.user
	if doc.flags.ignore_permissions or user == "Administrator":
		return  # server code: Frappe's assign-to and the app's own notices check for themselves
	if not is_app_record(doc.reference_type) or not doc.reference_name:
		return
	changed = doc.is_new() or any(
		doc.has_value_changed(f) for f in ("reference_type", "reference_name", "allocated_to")
	)
	if not changed:
		return
	require_readable(
		doc.reference_type, doc.reference_name, _("You can only assign a record that you can open.")
	)
	assignee = doc.allocated_to
	if not assignee or may_touch(doc.reference_type, doc.reference_name, "read", assignee):
		return
	if may_touch(doc.reference_type, doc.reference_name, "share", user):
		return
	refuse(
		_("{0} cannot open this record. Ask a supervisor to share it or to reassign the case.").format(
			frappe.utils.escape_html(frappe.utils.get_fullname(assignee))
		)
	)
