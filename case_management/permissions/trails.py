"""Frappe's own records about the app's records: files, tags, follows, versions, comments and
messages follow the record they are about.

Frappe lists these by its own rules: a File attached to any Client is listed to anyone who may
read some Client, a Tag Link (with the tagged record's title) to every user, a Document Follow
to every desk user. Here each of them is narrowed, in lists (`permission_query_conditions`, ANDed
with Frappe's own) and for single records (`has_permission`, which can only deny): a trail row
about a record of the app is visible only when that record is, and a file can be attached to
(or changed on) a record of the app only by someone who may write that record.
"""

import frappe
from frappe.utils.caching import site_cache

from case_management.permissions.children import MODULE, list_condition

# doctype -> (the column naming the record's doctype, the column naming the record)
TRAILS = {
	"File": ("attached_to_doctype", "attached_to_name"),
	"Tag Link": ("document_type", "document_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Version": ("ref_doctype", "docname"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
}


@site_cache()
def record_doctypes() -> tuple[str, ...]:
	"""The app's doctypes that hold records (not child tables, not single settings)."""
	return tuple(
		frappe.get_all("DocType", filters={"module": MODULE, "istable": 0, "issingle": 0}, pluck="name")
	)


def is_app_record(doctype) -> bool:
	return isinstance(doctype, str) and doctype in record_doctypes()


def trail_condition(trail: str, user: str) -> str:
	table = f"`tab{trail}`"
	doctype_col = f"{table}.`{TRAILS[trail][0]}`"
	name_col = f"{table}.`{TRAILS[trail][1]}`"
	ours = ", ".join(frappe.db.escape(d) for d in record_doctypes())
	parts = [f"ifnull({doctype_col}, '') not in ({ours})"]
	for doctype in record_doctypes():
		condition = list_condition(doctype, user)
		if condition is None:
			continue
		part = f"{doctype_col} = {frappe.db.escape(doctype)}"
		if condition:
			part += f" and {name_col} in (select `tab{doctype}`.name from `tab{doctype}` where {condition})"
		parts.append(f"({part})")
	return f"({' or '.join(parts)})"


def query_condition(user: str | None = None, doctype: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	if user == "Administrator" or doctype not in TRAILS:
		return ""
	condition = trail_condition(doctype, user)
	if doctype == "Document Follow":
		# who follows what is each user's own business
		condition += f" and `tabDocument Follow`.`user` = {frappe.db.escape(user)}"
	return condition


def may_touch(doctype: str, name: str | None, ptype: str, user: str) -> bool:
	"""May `user` read (or, for any change, write) the record `doctype` `name`? A child row is
	judged by its parent record, as stored (Frappe's own check of a child row named by a
	string looks only at the parent doctype, not at the parent record)."""
	if not name or not isinstance(name, str | int):
		return False
	# Frappe writes what each permission check looked at into the refusal the caller gets
	# ("no access to this document: Client - CL-…"): this look-up is not the caller's to read.
	logs, frappe.flags.has_permission_check_logs = frappe.flags.get("has_permission_check_logs"), None
	try:
		if frappe.is_table(doctype):
			row = frappe.db.get_value(doctype, name, ["parenttype", "parent"], as_dict=True)
			if not row or not row.parenttype or not row.parent:
				return False
			doctype, name = row.parenttype, row.parent
		return bool(frappe.has_permission(doctype, ptype, doc=name, user=user))
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return False
	finally:
		frappe.flags.has_permission_check_logs = logs


def has_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool | None:
	"""Deny a trail row about a record of the app the user may not read (or write, for a change);
	otherwise say nothing, so that Frappe's own rule for the trail doctype decides."""
	user = user or frappe.session.user
	if user == "Administrator" or doc.doctype not in TRAILS:
		return None
	doctype_col, name_col = TRAILS[doc.doctype]
	target = doc.get(doctype_col)
	if not is_app_record(target):
		return None
	wanted = "read" if (ptype or "read") in ("read", "select", "print", "email") else "write"
	if doc.doctype == "Document Follow" and doc.get("user") != user:
		return False
	return None if may_touch(target, doc.get(name_col), wanted, user) else False
