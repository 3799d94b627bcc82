"""The central input check: every value that reaches the app's records or methods.

Two hooks (hooks.py):
- `check_document` (doc_events "*" before_validate) runs on every save of the app's
  doctypes and their child rows, whatever the path (REST, desk, portal, import): text
  without control characters or hidden characters, within its field's length; dates that
  exist, between 1900 and 2100; numbers finite and within their column.
- `check_request` (before_request) looks at calls to the app's REST resources and methods
  before Frappe runs them: only known fields of the right JSON type, no text the database
  cannot store, paging numbers that are whole and not negative.

Messages name the field and the rule, never the value: a value may be a client's data. The
rules themselves are pure functions in engine/inputs.py.
"""

import re

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields

from case_management.engine import inputs

MODULE = "Case Management"
TEXT_TYPES = {"Data", "Small Text", "Text", "Long Text", "Text Editor", "Code", "Markdown Editor",
	"HTML Editor", "Link", "Dynamic Link", "Select", "Read Only", "Password", "Phone", "Color"}  # fmt: skip
NUMBER_TYPES = {"Int", "Float", "Currency", "Percent"}
DATE_TYPES = {"Date", "Datetime"}
# Keys a REST client may send besides the doctype's fields: what Frappe itself returns.
EXTRA_KEYS = {"doctype", "_user_tags", "_comments", "_assign", "_liked_by", "_seen"}
PAGING = ("limit_start", "limit_page_length", "limit", "start", "page_length")
# A whitelisted method's text argument: a note or a search, never a document.
MAX_ARGUMENT_LENGTH = 10_000
# Arguments of the app's methods that hold free text; every other argument names a record,
# a user or a choice, and never holds HTML.
FREE_TEXT_ARGUMENTS = {"note", "reason", "notes", "outcome", "decline_reason", "name", "address_line1"}
# The SMS gateway's webhook: a signed raw body, not arguments; a client's text may hold anything
# a phone can send, and services/inbound.py cleans what it stores.
SELF_CHECKED = {"case_management.api.inbound.receive"}
NAME_TYPES = {"Link", "Dynamic Link", "Select"}
_FIELD = re.compile(r"^(?:`tab([A-Za-z0-9 _-]+)`\.)?`?([a-z_][a-z0-9_]*|\*)`?(?: as [a-z_][a-z0-9_]*)?$")
_API = re.compile(r"^/api/(?:v[12]/)?(resource|document|method)/([^/]+)(?:/.*)?$")


def messages() -> dict:
	return {
		"surrogate": _("contains characters that are not valid text"),
		"control": _("contains control characters"),
		"line_break": _("must be on one line"),
		"hidden": _("contains invisible characters that hide or reorder text"),
		"too_long": _("is too long"),
		"not_a_date": _("is not a real date (use YYYY-MM-DD)"),
		"out_of_range": _("must be between 1900 and 2100"),
		"not_a_number": _("is not a number"),
		"too_large": _("is too large"),
		"not_a_check": _("must be 0 or 1"),
		"not_text": _("must be text"),
		"not_rows": _("must be a list of rows"),
		"not_paging": _("must be a whole number, 0 or more"),
		"markup": _("cannot contain HTML"),
		"not_json": _("must be JSON"),
		"not_a_field": _("can only name this record's own fields"),
	}


def refuse(label: str, code: str, row: int | None = None) -> None:
	where = _("Row {0}, {1}").format(row, label) if row else label
	frappe.throw(
		_("{0} {1}.").format(frappe.bold(frappe.utils.escape_html(where)), messages()[code]),
		title=_("Invalid input"),
	)


def value_problem(fieldtype: str, value) -> str | None:
	if value is None:
		return None
	if fieldtype in NUMBER_TYPES:
		return inputs.number_problem(value, fieldtype)
	if fieldtype == "Check":
		return inputs.check_problem(value)
	if fieldtype == "Date":
		return inputs.date_problem(value)
	if fieldtype == "Datetime":
		return inputs.datetime_problem(value)
	if fieldtype in TEXT_TYPES and isinstance(value, str):
		return inputs.text_problem(value, fieldtype)
	return None


def check_document(doc, method=None) -> None:
	"""doc_events "*" before_validate: the app's records and their rows."""
	if doc.meta.module != MODULE:
		return
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.fields:
			code = value_problem(df.fieldtype, row.get(df.fieldname))
			if code:
				refuse(_(df.label or df.fieldname), code, row.idx if row is not doc else None)


def check_request() -> None:
	"""before_request: calls to the app's resources and methods."""
	request = getattr(frappe.local, "request", None)
	match = _API.match(request.path) if request else None
	if not match:
		return
	kind, target = match.groups()
	form = frappe.local.form_dict
	if kind == "method":
		if target in SELF_CHECKED:
			return
		if target.startswith("case_management.") or (
			target == "run_doc_method" and is_app_doctype(form.get("dt"))
		):
			args = form
			if target == "run_doc_method":
				if form.get("dn") is not None and not isinstance(form.get("dn"), str):
					refuse("dn", "not_text")
				# `docs` is the whole form the desk sends; its fields are checked when it is saved.
				args = {k: v for k, v in form.items() if k != "docs"}
			check_arguments(args)
		return
	for key in PAGING:
		value = form.get(key)
		if value not in (None, "") and not (isinstance(value, int) or str(value).isdigit()):
			refuse(key, "not_paging")
	if not is_app_doctype(target):
		return
	name = request.path.split(f"/{target}/", 1)[-1] if f"/{target}/" in request.path else ""
	if name and (inputs.has_markup(name) or inputs.text_problem(name, "Data")):
		refuse(_("Name"), "markup" if inputs.has_markup(name) else inputs.text_problem(name, "Data"))
	if request.method == "GET":
		check_list_query(target, form)
	if request.method in ("POST", "PUT"):
		body = form.get("data", form)
		if isinstance(body, str):
			body = frappe.parse_json(body)  # a form-encoded `data` argument
		if isinstance(body, dict):
			check_fields(target, body)


def check_arguments(args: dict) -> None:
	for key, value in args.items():
		for text in strings_in(value):
			code = inputs.text_problem(text, "Long Text")
			if not code and len(text) > MAX_ARGUMENT_LENGTH:
				code = "too_long"
			if not code and key not in FREE_TEXT_ARGUMENTS and inputs.has_markup(text):
				code = "markup"
			if code:
				refuse(str(key)[:40], code)


def check_list_query(doctype: str, form: dict) -> None:
	"""A REST list of the app's records: JSON filters and fields, on this record's own fields."""
	meta = frappe.get_meta(doctype)
	own = {doctype} | {df.options for df in meta.get_table_fields()}
	for key in ("filters", "or_filters", "fields"):
		value = form.get(key)
		if value in (None, ""):
			continue
		if isinstance(value, str):
			try:
				value = frappe.parse_json(value)
			except ValueError:
				refuse(key, "not_json")
			if isinstance(value, str):
				refuse(key, "not_json")
		for text in strings_in(value):
			code = inputs.text_problem(text, "Long Text")
			if code:
				refuse(key, code)
		if key == "fields":
			for fieldname in value if isinstance(value, list) else [value]:
				match = _FIELD.match(str(fieldname).strip())
				if not match or (match.group(1) and match.group(1) not in own):
					refuse(key, "not_a_field")
		else:
			check_filter_values(meta, key, value)


def check_filter_values(meta, key: str, filters) -> None:
	"""Dates compared in filters must be real dates: Frappe cannot format 0000-00-00."""
	rows = []
	if isinstance(filters, dict):
		rows = [(f, v) for f, v in filters.items()]
	elif isinstance(filters, list):
		for row in filters:
			if isinstance(row, list | tuple) and len(row) in (3, 4):
				rows.append((row[-3], row[-1]))
	for fieldname, value in rows:
		df = meta.get_field(fieldname) if isinstance(fieldname, str) else None
		if not df or df.fieldtype not in DATE_TYPES:
			continue
		if isinstance(value, list | tuple):
			values = (
				value[1:] if value and value[0] in ("=", "!=", ">", "<", ">=", "<=", "between") else value
			)
		else:
			values = [value]
		for item in values if isinstance(values, list | tuple) else [values]:
			for one in item if isinstance(item, list | tuple) else [item]:
				if isinstance(one, str) and one.strip() and inputs.date_problem(one.split(" ")[0]):
					refuse(key, "not_a_date")


def strings_in(value):
	if isinstance(value, str):
		yield value
	elif isinstance(value, dict):
		for key, item in value.items():
			yield str(key)
			yield from strings_in(item)
	elif isinstance(value, list | tuple):
		for item in value:
			yield from strings_in(item)


def is_app_doctype(doctype) -> bool:
	return (
		isinstance(doctype, str) and frappe.db.get_value("DocType", doctype, "module", cache=True) == MODULE
	)


def check_fields(doctype: str, body: dict, row: int | None = None) -> None:
	"""Only the doctype's own fields, each of the JSON type its field holds."""
	meta = frappe.get_meta(doctype)
	for key, value in body.items():
		df = meta.get_field(key)
		if df is None:
			if (
				key in default_fields
				or key in child_table_fields
				or key in EXTRA_KEYS
				or key.startswith("__")
			):
				for text in strings_in(value):
					code = inputs.text_problem(text, "Long Text")
					if code:
						refuse(key, code, row)
				continue
			frappe.throw(
				_("{0} has no field {1}.").format(
					_(doctype), frappe.bold(frappe.utils.escape_html(str(key)[:40]))
				),
				title=_("Unknown field"),
			)
		label = _(df.label or df.fieldname)
		if df.fieldtype in ("Table", "Table MultiSelect"):
			if value is None:
				continue
			if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
				refuse(label, "not_rows", row)
			for index, child in enumerate(value, 1):
				check_fields(df.options, child, index)
			continue
		if value is None:
			continue
		if df.fieldtype in TEXT_TYPES | DATE_TYPES and not isinstance(value, str):
			refuse(label, "not_text", row)
		if df.fieldtype in NUMBER_TYPES and not isinstance(value, int | float | str):
			refuse(label, "not_a_number", row)
		if df.fieldtype in NAME_TYPES and inputs.has_markup(value):
			refuse(label, "markup", row)
		code = value_problem(df.fieldtype, value)
		if code:
			refuse(label, code, row)
