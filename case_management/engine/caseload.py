"""A caseworker's caseload: what is overdue, how urgent each case is, and the portal's filters.

Rows are plain mappings with the keys the portal reads: `name`, `client_name`, `phone`
(E.164), `workflow_state`, `risk_level`, `vulnerability_score`, `next_visit` (the earliest
open visit's due date), `next_reassessment_date`. Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

RISK_ORDER = {"Critical": 0, "High": 1, "Medium": 2, "Low": 3}
CLOSED = "Closed"
# States in which a case expects visits: an overdue visit there is a real miss.
VISITED_STATES = ("Active", "Monitoring")
OVERDUE_KINDS = ("visit", "reassessment")
MIN_PHONE_DIGITS = 3


def overdue(row: Mapping, today: date) -> tuple[str, ...]:
	"""What the case is late on, as codes: "visit" (its open visit's due date has passed) and
	"reassessment" (the reassessment date has passed). Closed cases are late on nothing."""
	if row.get("workflow_state") == CLOSED:
		return ()
	late = []
	if row.get("next_visit") and row["next_visit"] < today:
		late.append("visit")
	if row.get("next_reassessment_date") and row["next_reassessment_date"] < today:
		late.append("reassessment")
	return tuple(late)


def days_overdue(row: Mapping, today: date) -> int:
	"""Days since the open visit fell due (0 when it is not overdue)."""
	due = row.get("next_visit")
	if not due or row.get("workflow_state") == CLOSED or due >= today:
		return 0
	return (today - due).days


def urgency_key(row: Mapping, today: date) -> tuple:
	"""Sort key, most urgent first:

	1. open cases before closed ones;
	2. an overdue visit, the longest overdue first;
	3. the higher risk level (Critical, High, Medium, Low, then not yet assessed);
	4. anything else overdue (a reassessment);
	5. the sooner next visit (cases with no visit planned after those with one);
	6. the higher vulnerability score; then client name and case id, so the order is total.
	"""
	late = overdue(row, today)
	next_visit = row.get("next_visit")
	return (
		row.get("workflow_state") == CLOSED,
		-days_overdue(row, today),
		RISK_ORDER.get(row.get("risk_level") or "", len(RISK_ORDER)),
		not late,
		next_visit is None,
		next_visit or date.max,
		-(row.get("vulnerability_score") or 0),
		(row.get("client_name") or "").casefold(),
		row.get("name") or "",
	)


def sort_by_urgency(rows: Iterable[Mapping], today: date) -> list:
	return sorted(rows, key=lambda row: urgency_key(row, today))


def digits(text: str | None) -> str:
	return "".join(ch for ch in (text or "") if ch.isdigit())


def matches_search(row: Mapping, query: str | None) -> bool:
	"""Does the case match a search box entry? Every word must appear in the client's name
	(case-insensitive), or, when the entry has at least three digits, the digits must appear
	in the client's phone number (so "555-0177" finds "+12025550177")."""
	query = (query or "").strip()
	if not query:
		return True
	wanted = digits(query)
	if len(wanted) >= MIN_PHONE_DIGITS and wanted in digits(row.get("phone")):
		return True
	name = (row.get("client_name") or "").casefold()
	words = query.casefold().split()
	return bool(words) and all(word in name for word in words)


def filter_caseload(
	rows: Iterable[Mapping],
	today: date,
	state: str | None = None,
	risk: str | None = None,
	overdue_only: bool = False,
	query: str | None = None,
) -> list:
	"""The rows a filter keeps. With no state chosen, closed cases are left out; state
	"Closed" shows only those. `risk` "none" keeps the cases not yet assessed."""
	kept = []
	for row in rows:
		row_state = row.get("workflow_state")
		if state:
			if row_state != state:
				continue
		elif row_state == CLOSED:
			continue
		if risk:
			if risk == "none":
				if row.get("risk_level"):
					continue
			elif row.get("risk_level") != risk:
				continue
		if overdue_only and not overdue(row, today):
			continue
		if not matches_search(row, query):
			continue
		kept.append(row)
	return kept


def caseload_view(
	rows: Iterable[Mapping],
	today: date,
	state: str | None = None,
	risk: str | None = None,
	overdue_only: bool = False,
	query: str | None = None,
) -> list[dict]:
	"""Filter, mark what is overdue and sort by urgency: the list the portal shows."""
	kept = filter_caseload(rows, today, state, risk, overdue_only, query)
	view = [
		{**row, "overdue": list(overdue(row, today)), "days_overdue": days_overdue(row, today)}
		for row in kept
	]
	return sort_by_urgency(view, today)


def counts(rows: Iterable[Mapping], today: date) -> dict[str, int]:
	"""Open cases, overdue ones and high-or-critical ones: the numbers above the list."""
	open_rows = [row for row in rows if row.get("workflow_state") != CLOSED]
	return {
		"open": len(open_rows),
		"overdue": sum(1 for row in open_rows if overdue(row, today)),
		"high_risk": sum(1 for row in open_rows if row.get("risk_level") in ("High", "Critical")),
	}
