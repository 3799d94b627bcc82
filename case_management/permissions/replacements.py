"""Frappe's methods that skip the record rules in their own code, replaced for every caller
(hooks.py `override_whitelisted_methods`): link search (`ignore_user_permissions` and a
caller-chosen `query` would bypass the rules), `frappe.client.get_count` (it counts every record
of any doctype), the list view's *assigned to* counts (built with no permission check), and
global search (whose index holds every record's text). Each answers as Frappe's own would, about
the records the user may list. permissions/channels.py guards the calls to them like any other
of Frappe's methods.
"""

import json
import re

import frappe
from frappe import _
from frappe.client import get_safe_filters
from frappe.desk import listview, search
from frappe.utils import global_search

from case_management.permissions.channels import FRAPPE_RECORDS, app_doctype, refuse
from case_management.permissions.trails import may_touch


def protected(doctype) -> bool:
	"""Doctypes whose records have rules of their own beyond the role's: the app's, Frappe's
	records about records, and any doctype with a record condition (ToDo, User, Contact...)."""
	if app_doctype(doctype) or doctype in FRAPPE_RECORDS:
		return True
	return bool(frappe.get_hooks("permission_query_conditions").get(doctype))


# --- overrides of Frappe's methods (hooks.py override_whitelisted_methods) -------------------


def search_text(txt: str | None) -> str | None:
	"""The search text as Frappe's link search can take it. Frappe puts the text into a column
	expression (`locate('<text>', name) as _relevance`) and later splits that expression at the
	first " as ", so a search for "treat as urgent" fails with a server error. The comparisons
	ignore case (utf8mb4_unicode_ci, casefold), so "As" finds exactly what "as" finds."""
	if not txt:
		return txt
	return re.sub(r"(?<= )as(?= )", "As", txt)


def checked_query(doctype: str, query: str | None) -> str | None:
	"""A link search may run a custom query only where Frappe itself would pick it."""
	if not query or not protected(doctype):
		return query
	standard = (frappe.get_hooks().standard_queries or {}).get(doctype) or []
	if query not in standard:
		refuse()
	return query


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
) -> list:
	"""frappe.desk.search.search_link, with the app's record rules always applied."""
	return search.search_link(
		doctype,
		search_text(txt),
		checked_query(doctype, query),
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions and not protected(doctype),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields: str | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""frappe.desk.search.search_widget, with the app's record rules always applied."""
	return search.search_widget(
		doctype,
		search_text(txt),
		checked_query(doctype, query),
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions and not protected(doctype),
	)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""frappe.desk.listview.get_group_by_count; for the app's records, the *assigned to* counts
	are made over the records the user may list (Frappe builds them with no permission check)."""
	filters = parsed_filters(current_filters)
	if field != "assigned_to":
		meta = frappe.get_meta(doctype)
		if not (meta.has_field(field) or field in frappe.model.default_fields):
			frappe.throw(
				_("The list can only be grouped by one of its own fields."), title=_("Invalid input")
			)
		return listview.get_group_by_count(doctype, frappe.as_json(filters), field)
	if not protected(doctype):
		return listview.get_group_by_count(doctype, frappe.as_json(filters), field)
	names = frappe.get_list(doctype, filters=filters, pluck="name", limit=0)
	if not names:
		return []
	todo = frappe.qb.DocType("ToDo")
	user = frappe.qb.DocType("User")
	count = frappe.query_builder.functions.Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.from_(user)
		.select(todo.allocated_to.as_("name"), count)
		.where(
			(todo.status != "Cancelled")
			& (todo.allocated_to == user.name)
			& (user.user_type == "System User")
			& (todo.reference_type == doctype)
			& (todo.reference_name.isin(names))
		)
		.groupby(todo.allocated_to)
		.orderby(count, order=frappe.qb.desc)
		.limit(50)
		.run(as_dict=True)
	)


def parsed_filters(value) -> dict | list:
	"""Filters as Frappe's list takes them, from JSON; a bare string is never a raw condition."""
	if value in (None, ""):
		return {}
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			frappe.throw(_("Filters must be JSON."), title=_("Invalid input"))
	if not isinstance(value, dict | list):
		frappe.throw(_("Filters must be JSON."), title=_("Invalid input"))
	return value


@frappe.whitelist()
def get_count(
	doctype: str, filters=None, debug: bool = False, cache: bool = False, parent: str | None = None
) -> int:
	"""frappe.client.get_count, counting only the records the user may list: Frappe's own counts
	every record of any doctype (frappe.db.count), whatever the filter, for any signed-in user.
	As in Frappe's, filters that are a plain string name one record."""
	filters = get_safe_filters(filters)
	if isinstance(filters, str):
		filters = {"name": filters}
	rows = frappe.get_list(
		doctype,
		filters=parsed_filters(filters),
		fields=["count(*) as count"],
		parent_doctype=parent,
		limit=0,
	)
	return rows[0].count if rows else 0


@frappe.whitelist()
def global_search_results(text: str, start: int = 0, limit: int = 20, doctype: str = "") -> list:
	"""frappe.utils.global_search.search, keeping only the records the user may read (the
	index holds every record's text, whoever may see it)."""
	results = global_search.search(text, start=start, limit=limit, doctype=doctype)
	user = frappe.session.user
	return [r for r in results if may_touch(r.doctype, r.name, "read", user)]
