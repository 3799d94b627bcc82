"""A follow ends when access ends.

Frappe mails each follower a digest of a followed record's changes, comments and files (hourly,
daily or weekly: frappe.desk.form.document_follow). It reads them as Administrator and never asks
whether the follower may still read the record, so a caseworker moved off a case would keep
receiving the client's new address. Only a reader may start to follow one of the app's records
(permissions/channels.py); here a follow of the app's records is removed once its follower may
no longer read the record:
- at once, when a case changes caseworker or team (the old caseworker and everyone who follows
  the case or its client are checked), when cases are reassigned, and when a share is removed
  or narrowed;
- every ten minutes for every follow, for the other ways access ends (a role or a team
  membership removed), ahead of Frappe's hourly digest.
"""

import frappe
from frappe.query_builder import Criterion, DocType

from case_management.permissions.trails import may_touch, record_doctypes

FOLLOW = DocType("Document Follow")


def end_follows_without_access(users: set[str] | None = None) -> int:
	"""Remove the follows of the app's records (of `users`, or of everyone) whose follower may
	no longer read the record; returns how many went."""
	if users is not None:
		users = {u for u in users if u and u != "Administrator"}
		if not users:
			return 0
	query = (
		frappe.qb.from_(FOLLOW)
		.select(FOLLOW.name, FOLLOW.user, FOLLOW.ref_doctype, FOLLOW.ref_docname)
		.where(FOLLOW.ref_doctype.isin(record_doctypes()) & (FOLLOW.user != "Administrator"))
	)
	if users is not None:
		query = query.where(FOLLOW.user.isin(sorted(users)))
	gone = [
		row.name
		for row in query.run(as_dict=True)
		if not may_touch(row.ref_doctype, row.ref_docname, "read", row.user)
	]
	if gone:
		frappe.qb.from_(FOLLOW).delete().where(FOLLOW.name.isin(gone)).run()
	return len(gone)


def followers_of(references: list[tuple[str, str]]) -> set[str]:
	if not references:
		return set()
	match = Criterion.any(
		[(FOLLOW.ref_doctype == doctype) & (FOLLOW.ref_docname == name) for doctype, name in references]
	)
	return set(frappe.qb.from_(FOLLOW).select(FOLLOW.user).where(match).run(pluck=True))


def on_case_change(doc, method=None) -> None:
	"""Case.on_update: a new caseworker or team ends the old readers' follows."""
	before = doc.get_doc_before_save()
	if not before or (before.caseworker, before.team) == (doc.caseworker, doc.team):
		return
	users = {before.caseworker} | followers_of([("Case", doc.name), ("Client", doc.client)])
	end_follows_without_access(users)


def on_cases_reassigned(cases: list[str], from_user: str) -> None:
	"""api.caseload.reassign_cases moves cases in one update, without their controllers."""
	clients = frappe.get_all("Case", filters={"name": ("in", cases)}, pluck="client")
	references = [("Case", c) for c in cases] + [("Client", c) for c in set(clients)]
	end_follows_without_access({from_user} | followers_of(references))


def on_share_change(doc, method=None) -> None:
	"""DocShare.on_update and after_delete: a share narrowed or removed may end its user's reading."""
	if doc.share_doctype in record_doctypes() and doc.user:
		end_follows_without_access({doc.user})


def prune() -> None:
	"""Scheduled every ten minutes (hooks.py): every follow of the app's records, checked."""
	end_follows_without_access()
