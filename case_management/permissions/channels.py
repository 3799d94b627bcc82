"""Frappe's generic channels, held to the app's record rules.

Frappe's own whitelisted methods (frappe.client, frappe.desk.*, tags, likes, follows,
assignments, attachments, printing...) take a doctype and a record name from the caller. Some
check only that the user may read the doctype at all, not the record; some check nothing. For
the app's records this module closes them in one place, before any of them runs:

- `check_call` (hooks.py `auth_hooks`: it runs on every request once Frappe knows the user,
  including API-key and OAuth requests) looks at a call to any method outside the app: when
  an argument names one of the app's doctypes (or child doctypes), every record named in the
  call must be one the user may read, or write for a change; filters may name only fields the
  user may read, of that doctype or its own child tables. Refusals are the same whether the
  record exists or not, so a refusal tells nothing.
- permissions/replacements.py replaces the Frappe methods whose own code skips the record
  rules (link search, get_count, the list view's *assigned to* counts, global search).

The app's own methods (case_management.*) check their records themselves, and are probed by
api/test_idor.py; http_tests/test_every_channel.py takes the attacker's side on all of them.
"""

import json
import re

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields, optional_fields

from case_management.permissions import STAFF_ROLES
from case_management.permissions.children import MODULE
from case_management.permissions.trails import may_touch

# Arguments that name a doctype, and arguments that name records of it, in Frappe's methods.
DOCTYPE_ARGUMENTS = ("doctype", "dt", "doc_type", "reference_doctype", "ref_doctype", "parenttype", "doc",
	"document_type")  # fmt: skip
NAME_ARGUMENTS = ("name", "names", "docname", "docnames", "dn", "doc_name", "docs", "reference_name",
	"ref_docname", "document_name", "files")  # fmt: skip
# Methods whose `name` is a record of their own (a saved report view), not one of the doctype's.
OWN_NAME = {"frappe.desk.reportview.save_report"}
FILTER_ARGUMENTS = ("filters", "or_filters", "current_filters", "filters_json", "dynamic_filters_json",
	"export_filters")  # fmt: skip
# Arguments that name fields to return, group, count or sort by.
FIELD_ARGUMENTS = ("fields", "field", "fieldname", "stats", "group_by", "order_by", "sort_by", "searchfield",
	"filter_fields", "aggregate_function_based_on", "based_on", "value_based_on", "group_by_based_on",
	"x_field", "y_axis")  # fmt: skip
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Columns every record has, besides its fields.
STANDARD_FIELDS = {*default_fields, *optional_fields, *child_table_fields}
# Methods that change the record named in them (the rest only read it): they need write on it.
# Frappe checks saving, renaming and deleting itself, but not when a child row is named, and
# asks only read for likes, tags, follows, assignments and comments.
CHANGING = {
	"frappe.client.set_value",
	"frappe.client.save",
	"frappe.client.submit",
	"frappe.client.cancel",
	"frappe.client.delete",
	"frappe.client.rename_doc",
	"frappe.client.attach_file",
	"frappe.desk.form.save.savedocs",
	"frappe.desk.form.save.cancel",
	"frappe.desk.form.assign_to.add",
	"frappe.desk.form.assign_to.add_multiple",
	"frappe.desk.form.assign_to.remove",
	"frappe.desk.form.assign_to.remove_multiple",
	"frappe.desk.form.assign_to.close",
	"frappe.desk.form.assign_to.close_all_assignments",
	"frappe.desk.form.utils.add_comment",
	"frappe.desk.like.toggle_like",
	"frappe.desk.doctype.tag.tag.add_tag",
	"frappe.desk.doctype.tag.tag.add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag",
	"frappe.desk.form.document_follow.follow_document",
	"frappe.desk.form.document_follow.unfollow_document",
	"frappe.model.rename_doc.update_document_title",
	"frappe.core.doctype.communication.email.make",
	"frappe.core.doctype.communication.email.mark_email_as_seen",
	"frappe.core.api.file.unzip_file",
	"frappe.core.doctype.file.file.unzip_file",
	"frappe.handler.upload_file",
	"upload_file",
	"frappe.share.add",
	"frappe.share.remove",
	"frappe.share.set_permission",
}
# Frappe's records about other records, guarded (for changes) like the app's own: a like, a tag
# or an assignment changes a comment, a file or a task as much as a case.
FRAPPE_RECORDS = {"File", "Tag Link", "Document Follow", "Version", "Comment", "Communication", "ToDo"}
# Methods that name a record without naming its doctype.
IMPLIED_DOCTYPE = {
	"frappe.core.doctype.communication.email.mark_email_as_seen": "Communication",
	"frappe.core.api.file.unzip_file": "File",
	"frappe.core.doctype.file.file.unzip_file": "File",
	"frappe.core.api.file.zip_files": "File",
}
# Methods that name a file by its URL (Frappe's own refusal there names the record the file
# is attached to).
DOWNLOADS = {
	"frappe.handler.download_file",
	"frappe.core.doctype.file.file.download_file",
	"frappe.utils.file_manager.download_file",
}
# The desk's form view of a record (its timeline, assignments, versions, comments) is for case
# staff: a partner reads a referral on the portal, where the client is a first name and initial.
STAFF_VIEWS = {
	"frappe.desk.form.load.getdoc",
	"frappe.desk.form.load.get_docinfo",
	"frappe.desk.form.load.get_comments",
	"frappe.desk.form.load.get_communications",
	"frappe.desk.form.utils.get_next",
	"frappe.desk.form.linked_with.get",
	"frappe.desk.form.linked_with.get_linked_docs",
}
API_METHOD = "/api/method/"
# The app's replacements of Frappe's methods: they are Frappe's channels all the same.
OWN_REPLACEMENTS = "case_management.permissions.replacements."


def app_doctype(value) -> str | None:
	"""`value` if it names one of the app's doctypes (child tables included)."""
	if not isinstance(value, str) or not value or len(value) > 140:
		return None
	module = frappe.db.get_value("DocType", value, "module", cache=True)
	return value if module == MODULE else None


def names_in(value) -> list[str]:
	"""A record name, or a JSON / Python list of them."""
	if isinstance(value, str):
		text = value.strip()
		if text.startswith("["):
			try:
				value = json.loads(text)
			except ValueError:
				return [value]
		else:
			return [value]
	if isinstance(value, list | tuple):
		return [str(v) for v in value if isinstance(v, str | int)]
	return []


def refuse() -> None:
	frappe.throw(_("You do not have access to this record."), frappe.PermissionError)


def call_arguments() -> tuple[str, dict] | None:
	request = getattr(frappe.local, "request", None)
	if not request or not request.path.startswith(API_METHOD):
		return None
	return request.path[len(API_METHOD) :].strip("/"), dict(frappe.local.form_dict)


def check_call() -> None:
	"""auth_hooks: a call to one of Frappe's methods about the app's records."""
	found = call_arguments()
	if not found:
		return
	method, args = found
	if method.startswith("case_management.") and not method.startswith(OWN_REPLACEMENTS):
		return  # the app's own methods check their records themselves
	user = frappe.session.user
	if user == "Administrator":
		return
	wanted = "write" if method in CHANGING else "read"
	if method in DOWNLOADS and isinstance(args.get("file_url"), str):
		for name in frappe.get_all("File", filters={"file_url": args["file_url"]}, pluck="name", limit=5):
			if not may_touch("File", name, "read", user):
				refuse()
	top, *nested = argument_sets(args)
	if method in IMPLIED_DOCTYPE:
		top = {**top, "doctype": IMPLIED_DOCTYPE[method]}
	doctype = next(filter(None, (named_doctype(part, method) for part in (top, *nested))), None)
	if not doctype:
		return
	if method in STAFF_VIEWS and app_doctype(doctype) and not staff(user):
		refuse()
	if not isinstance(top.get("doctype"), str) or named_doctype(top, method):
		# A call that names a doctype of Frappe's own (a saved list filter, a task) is about it,
		# and its record rules apply: an app doctype in its filter values (`reference_doctype`)
		# does not make its own filters and fields the app doctype's.
		check_part(named_doctype(top, method) or doctype, top, wanted, user, names=method not in OWN_NAME)
	for part in nested:
		# A nested object names records only when it is one of them (assign-to's `args`, a saved
		# document); a number card or a chart names its own record, not the app's.
		names = bool(app_doctype(part.get("doctype"))) and not part.get("__islocal")
		check_part(named_doctype(part, method) or doctype, part, wanted, user, names=names)


def named_doctype(args: dict, method: str) -> str | None:
	"""The first doctype the arguments name that is guarded for this method: the app's own, and
	for a change, Frappe's records about records."""
	for key in DOCTYPE_ARGUMENTS:
		value = args.get(key)
		if app_doctype(value) or (method in CHANGING and value in FRAPPE_RECORDS):
			return value
	return None


def staff(user: str) -> bool:
	return bool(STAFF_ROLES.intersection(frappe.get_roles(user)))


def argument_sets(args: dict) -> list[dict]:
	"""The call's arguments, and each argument that is itself a JSON object of them: assign-to's
	`args`, a number card's `doc` or a chart's `chart` name their doctype and filters inside."""
	parts = [args]
	for value in args.values():
		if isinstance(value, str) and value.lstrip().startswith("{"):
			try:
				value = json.loads(value)
			except ValueError:
				continue
		if isinstance(value, dict):
			parts.append(value)
	return parts


def check_part(doctype: str, args: dict, wanted: str, user: str, names: bool = True) -> None:
	"""The records, filters and fields one set of arguments names, for `doctype`."""
	for key in NAME_ARGUMENTS if names else ():
		for name in names_in(args.get(key)):
			if not may_touch(doctype, name, wanted, user):
				refuse()
	for key in FILTER_ARGUMENTS:
		if args.get(key):
			check_filters(doctype, args[key], user)
	for key in FIELD_ARGUMENTS:
		if args.get(key):
			check_field_names(doctype, args[key], user)


def filter_fields(doctype: str, filters) -> list[tuple[str, str]]:
	"""(doctype, fieldname) of every condition in a filters argument, in any of Frappe's forms."""
	if isinstance(filters, str):
		try:
			filters = json.loads(filters)
		except ValueError:
			return []
	found = []
	if isinstance(filters, dict):
		found = [(doctype, str(key)) for key in filters]
	elif isinstance(filters, list | tuple):
		for row in filters:
			if isinstance(row, list | tuple) and len(row) >= 4:
				found.append((str(row[0]), str(row[1])))
			elif isinstance(row, list | tuple) and len(row) >= 2:
				found.append((doctype, str(row[0])))
			elif isinstance(row, dict):
				found += filter_fields(doctype, row)
	return found


def check_filters(doctype: str, filters, user: str) -> None:
	"""Filters may name only fields the user may read, of `doctype` and its own child tables:
	a count or a list filtered on a field one may not see answers whether a guess is right."""
	meta = frappe.get_meta(doctype)
	levels = set(meta.get_permlevel_access("read", user=user)) or {0}
	tables = {df.options: df for df in meta.get_table_fields()}
	for table, fieldname in filter_fields(doctype, filters):
		fieldname = fieldname.strip("`").split(".")[-1].strip("`")
		if table == doctype:
			df = meta.get_field(fieldname)
		elif table in tables and tables[table].permlevel in levels:
			df = frappe.get_meta(table).get_field(fieldname)
		else:
			refuse()
		if df is None and fieldname not in STANDARD_FIELDS:
			frappe.throw(_("Filters can only name fields of this record."), title=_("Invalid input"))
		if df and df.permlevel not in levels:
			refuse()


def unreadable_fields(doctype: str, user: str) -> set[str]:
	"""Fields of `doctype` and its child tables at a permission level the user may not read."""
	meta = frappe.get_meta(doctype)
	levels = set(meta.get_permlevel_access("read", user=user)) or {0}
	hidden = {df.fieldname for df in meta.fields if df.permlevel not in levels}
	for table in meta.get_table_fields():
		child = frappe.get_meta(table.options)
		hidden |= {
			df.fieldname for df in child.fields if table.permlevel not in levels or df.permlevel not in levels
		}
	return hidden


def check_field_names(doctype: str, value, user: str) -> None:
	"""Fields to return, group, count or sort by: none the user may not read."""
	hidden = unreadable_fields(doctype, user)
	if not hidden:
		return
	text = value if isinstance(value, str) else json.dumps(value)
	if hidden.intersection(IDENTIFIER.findall(text)):
		refuse()
