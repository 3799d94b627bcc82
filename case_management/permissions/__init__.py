"""Record-level access for case data.

Who may see what, in one place:
- Case Management Admin (and Administrator): everything.
- A case is visible to its caseworker, to the supervisor of its team, and to users it was
  explicitly shared with (Frappe's Share, e.g. a colleague covering a caseload).
- A client is visible through the cases one can see (and as a member of those cases'
  households); a caseworker also sees the clients they registered that have no case yet.
- Household members, notes, visits and referrals follow their client or case. Restricted
  notes are for the case's own caseworker and its team's supervisor, not for shares.
- Duplicate candidates are for reviewers who see both clients of the pair; a merge log is
  for those who see its surviving client (admins see all).
- Referral Partners see the referrals sent (not drafts) to the organisation they belong to,
  and that organisation's record.

Each doctype has one SQL condition. Lists use it through `permission_query_conditions`;
single documents use the same condition through `has_permission`, so a list and a form can
never disagree. Saved documents are checked as stored in the database, never as edited in
memory, so a write cannot grant itself access by changing the case or client it points to
(those links are also set-only-once). Values are escaped with frappe.db.escape.
"""

import frappe

ADMIN_ROLE = "Case Management Admin"
STAFF_ROLES = {"Caseworker", "Case Supervisor", ADMIN_ROLE}


def sees_everything(user: str) -> bool:
	return user == "Administrator" or ADMIN_ROLE in frappe.get_roles(user)


def _literals(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values)


# Which column of a Frappe share (DocShare) grants a kind of access: a read-only share lets a
# colleague read a case, never change it or add to it.
SHARE_RIGHTS = {"write": "write", "create": "write", "delete": "write", "submit": "write", "cancel": "write",
	"amend": "write", "share": "share"}  # fmt: skip


def share_right(ptype: str | None) -> str:
	return SHARE_RIGHTS.get(ptype or "read", "read")


def _reach(user: str, right: str = "read") -> tuple[list[str], list[str]]:
	"""The teams the user supervises and the cases shared with them for `right` (read, write or
	share), in one query."""
	rows = frappe.db.sql(
		"""select 'team', name, 1, 1, 1 from `tabCaseworker Team` where supervisor = %(user)s
		union all
		select 'share', share_name, `read`, `write`, `share` from `tabDocShare`
		where share_doctype = 'Case' and user = %(user)s""",
		{"user": user},
	)
	column = ("read", "write", "share").index(share_right(right)) + 2
	teams = [row[1] for row in rows if row[0] == "team"]
	return teams, [row[1] for row in rows if row[0] == "share" and row[column]]


def _case_scope(user: str, with_shares: bool = True, right: str = "read") -> str:
	"""Cases the user may see, as a condition on `tabCase`: carried by them, in a team they
	supervise, or (with_shares) shared with them for `right` (a read-only share reaches a case
	for reading only).

	Teams and shares are looked up first and written in as literals: an OR of plain
	comparisons lets MariaDB use the caseworker, team and name indexes, where a subquery
	would make it scan every case.
	"""
	teams, shared = _reach(user, right)
	parts = [f"`tabCase`.caseworker = {frappe.db.escape(user)}"]
	if teams:
		parts.append(f"`tabCase`.team in ({_literals(teams)})")
	if shared and with_shares:
		parts.append(f"`tabCase`.name in ({_literals(shared)})")
	return f"({' or '.join(parts)})"


def _own_case_scope(user: str) -> str:
	"""Cases the user carries or supervises: the reach of restricted notes (no shares)."""
	return _case_scope(user, with_shares=False)


def _visible_cases(user: str, right: str = "read") -> str:
	return f"select `tabCase`.name from `tabCase` where {_case_scope(user, right=right)}"


def _own_cases(user: str) -> str:
	return f"select `tabCase`.name from `tabCase` where {_own_case_scope(user)}"


def _visible_clients(user: str, right: str = "read") -> str:
	"""Clients of visible cases, their household members' client records, and the user's own
	registrations that have no case yet. Wrapped in a derived table so that MariaDB works it
	out once rather than once per client row. For a change (`right` write), shares count only
	when they allow writing."""
	scope = _case_scope(user, right=right)
	return (
		"select v.client from ("
		f"select `tabCase`.client from `tabCase` where {scope}"
		" union select `tabHousehold Member`.member_client from `tabHousehold Member`"
		" join `tabCase` on `tabCase`.client = `tabHousehold Member`.client"
		f" where {scope} and `tabHousehold Member`.member_client is not null"
		f" union select c.name from `tabClient` c where c.owner = {frappe.db.escape(user)}"
		" and not exists (select 1 from `tabCase` where `tabCase`.client = c.name)"
		") v"
	)


def _partner_providers(user: str) -> str:
	u = frappe.db.escape(user)
	return (
		"select `tabService Provider User`.parent from `tabService Provider User`"
		f" where `tabService Provider User`.parenttype = 'Service Provider' and `tabService Provider User`.user = {u}"
	)


# --- list conditions (permission_query_conditions) ------------------------------------------


def case_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	return "" if sees_everything(user) else _case_scope(user)


def client_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	return "" if sees_everything(user) else f"`tabClient`.name in ({_visible_clients(user)})"


def household_member_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	if sees_everything(user):
		return ""
	return f"`tabHousehold Member`.client in ({_visible_clients(user)})"


def case_note_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	if sees_everything(user):
		return ""
	return (
		f"(`tabCase Note`.case in ({_visible_cases(user)})"
		f" and (`tabCase Note`.is_restricted = 0 or `tabCase Note`.case in ({_own_cases(user)})))"
	)


def case_child_condition(doctype: str, user: str, right: str = "read") -> str:
	"""Records that hang off a case (visits, assessments, summaries, alerts): those of the
	cases the user may see (or, for a change, change)."""
	if sees_everything(user):
		return ""
	return f"`tab{doctype}`.case in ({_visible_cases(user, right)})"


def follow_up_visit_query(user: str | None = None, **kwargs) -> str:
	return case_child_condition("Follow-up Visit", user or frappe.session.user)


def vulnerability_assessment_query(user: str | None = None, **kwargs) -> str:
	return case_child_condition("Vulnerability Assessment", user or frappe.session.user)


def monthly_case_summary_query(user: str | None = None, **kwargs) -> str:
	return case_child_condition("Monthly Case Summary", user or frappe.session.user)


def safety_alert_query(user: str | None = None, **kwargs) -> str:
	return case_child_condition("Safety Alert", user or frappe.session.user)


def inbound_message_query(user: str | None = None, **kwargs) -> str:
	"""Texts filed on a case; a text from an unknown or shared number has no case: admins only."""
	return case_child_condition("Inbound Message", user or frappe.session.user)


def discharge_summary_query(user: str | None = None, **kwargs) -> str:
	return case_child_condition("Discharge Summary", user or frappe.session.user)


def referral_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	if sees_everything(user):
		return ""
	return (
		f"(`tabReferral`.case in ({_visible_cases(user)})"
		f" or (`tabReferral`.status != 'Draft' and `tabReferral`.service_provider in ({_partner_providers(user)})))"
	)


def duplicate_candidate_query(user: str | None = None, **kwargs) -> str:
	"""A reviewer sees a pair only when they may see both of its clients."""
	user = user or frappe.session.user
	if sees_everything(user):
		return ""
	clients = _visible_clients(user)
	return (
		f"(`tabDuplicate Candidate`.client_a in ({clients})"
		f" and `tabDuplicate Candidate`.client_b in ({clients}))"
	)


def client_merge_log_query(user: str | None = None, **kwargs) -> str:
	"""A merge log holds the removed record's data: for those who see the surviving client —
	or, when that survivor was itself merged later, the client it was merged into."""
	user = user or frappe.session.user
	if sees_everything(user):
		return ""
	visible = _visible_clients(user)
	return (
		f"(`tabClient Merge Log`.survivor in ({visible}) or `tabClient Merge Log`.survivor in ("
		"select later.merged_client from `tabClient Merge Log` later"
		f" where later.status = 'Merged' and later.survivor in ({visible})))"
	)


def service_provider_query(user: str | None = None, **kwargs) -> str:
	"""Staff see the whole directory; a partner sees only their own organisation."""
	user = user or frappe.session.user
	if STAFF_ROLES.intersection(frappe.get_roles(user)) or user == "Administrator":
		return ""
	return f"`tabService Provider`.name in ({_partner_providers(user)})"


# --- single documents (has_permission) ------------------------------------------------------


def stored(doc, fieldname: str):
	"""A field's value as saved, not as edited in memory."""
	return frappe.db.get_value(doc.doctype, doc.name, fieldname) if doc.name else None


def _matches(doctype: str, name: str | None, condition: str) -> bool:
	"""Does the saved row `name` satisfy `condition`? (the same SQL the list uses)"""
	if not condition:
		return True
	if not name:
		return False
	table = f"`tab{doctype}`"
	return bool(
		frappe.db.sql(f"select 1 from {table} where {table}.name = %s and {condition} limit 1", (name,))
	)


def _case_reachable(case: str | None, user: str, ptype: str | None) -> bool:
	"""Is `case` one the user may read (or, for a change, change)?"""
	if sees_everything(user):
		return True
	return _matches("Case", case, _case_scope(user, right=share_right(ptype)))


def _parent_case_visible(doc, user: str, ptype: str | None = "create") -> bool:
	return _case_reachable(doc.get("case"), user, ptype)


def has_case_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	if doc.is_new():
		return True  # role permissions decide creation; Case.validate checks the client
	return _case_reachable(doc.name, user, ptype)


def has_client_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	if doc.is_new() or sees_everything(user):
		return True
	return _matches("Client", doc.name, f"`tabClient`.name in ({_visible_clients(user, share_right(ptype))})")


def has_household_member_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	if sees_everything(user):
		return True
	if doc.is_new():
		return _matches(
			"Client", doc.get("client"), f"`tabClient`.name in ({_visible_clients(user, 'write')})"
		)
	clients = _visible_clients(user, share_right(ptype))
	return _matches("Household Member", doc.name, f"`tabHousehold Member`.client in ({clients})")


def has_case_note_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	if sees_everything(user):
		return True
	if doc.is_new() or ptype == "create":
		scope = _own_case_scope(user) if doc.get("is_restricted") else _case_scope(user, right="write")
		return _matches("Case", doc.get("case"), scope)
	if share_right(ptype) != "read" and not _case_reachable(stored(doc, "case"), user, ptype):
		return False
	return _matches("Case Note", doc.name, case_note_query(user))


def has_case_child_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	"""Follow-up Visit, Vulnerability Assessment, Monthly Case Summary, Safety Alert, Inbound
	Message and Referral: a new record needs its case to be visible; a saved one, its list condition."""
	user = user or frappe.session.user
	if doc.is_new():
		return _parent_case_visible(doc, user)
	if doc.doctype == "Referral" and share_right(ptype) == "read":
		condition = referral_query(user)
	else:
		condition = case_child_condition(doc.doctype, user, share_right(ptype))
	return _matches(doc.doctype, doc.name, condition)


def has_discharge_summary_permission(
	doc, ptype: str | None = None, user: str | None = None, **kwargs
) -> bool:
	"""Read: those who see the case. Change: those who may change the case, and only while the
	summary is a draft (an approved one is the record of a closure; admins alike)."""
	user = user or frappe.session.user
	if doc.is_new():
		return sees_everything(user) or _parent_case_visible(doc, user)
	if share_right(ptype) != "read" and stored(doc, "status") != "Draft":
		return False
	if sees_everything(user):
		return True
	return _matches(doc.doctype, doc.name, case_child_condition(doc.doctype, user, share_right(ptype)))


def has_duplicate_candidate_permission(
	doc, ptype: str | None = None, user: str | None = None, **kwargs
) -> bool:
	user = user or frappe.session.user
	return not doc.is_new() and _matches("Duplicate Candidate", doc.name, duplicate_candidate_query(user))


def has_client_merge_log_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	return not doc.is_new() and _matches("Client Merge Log", doc.name, client_merge_log_query(user))


def has_service_provider_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	if doc.is_new():
		return True
	return _matches("Service Provider", doc.name, service_provider_query(user))


def client_access_log_query(user: str | None = None, **kwargs) -> str:
	"""Searches across caseloads and opened clients: for the supervisor of the team the user was
	in, and admins."""
	user = user or frappe.session.user
	if sees_everything(user):
		return ""
	teams, _shared = _reach(user)
	if not teams:
		return "1 = 0"
	return f"`tabClient Access Log`.team in ({_literals(teams)})"


def has_client_access_log_permission(
	doc, ptype: str | None = None, user: str | None = None, **kwargs
) -> bool:
	user = user or frappe.session.user
	return not doc.is_new() and _matches("Client Access Log", doc.name, client_access_log_query(user))
