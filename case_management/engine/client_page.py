"""The client's own page (issue #21): one link per case that the caseworker sends by hand.

The link carries a random token; only its hash is kept on the case, with an expiry (the same
`new_token` / `token_matches` as the visit and partner links). The rules here decide whether a
presented link opens the page, which of the case's visits the page may answer, what a message
from the page may be, and how the service-plan goals read to the client. Which channel a link
may go to is engine/visit_links.py `channel_problem`. Nothing here imports frappe.
"""

from __future__ import annotations

from datetime import datetime

from case_management.engine.i18n import _lt
from case_management.engine.visit_links import (
	CLOSED,
	EXPIRED,
	INVALID,
	PASSED,
	hash_token,
	link_expiry,
	new_token,
	token_matches,
)

__all__ = ["hash_token", "link_expiry", "new_token", "token_matches"]

NOT_THIS_CASE = "not_this_case"
# The client may answer a visit from the page only by confirming it or asking to move it;
# cancelling is left to a call (or to the visit's own link in the reminder).
PAGE_ACTIONS = ("confirm", "reschedule")
DEFAULT_MESSAGE_CHARS = 1000

# How each service-plan goal status reads to the client (the page translates these words).
GOAL_WORDS = {
	"Not Started": _lt("Not started yet"),
	"In Progress": _lt("Working on it"),
	"Achieved": _lt("Done"),
	"Not Achieved": _lt("Not reached"),
}


def page_problem(
	token: str | None,
	stored_hash: str | None,
	expires: datetime | None,
	case_closed: bool,
	now: datetime,
) -> str | None:
	"""None when the token opens the case's page now, else why not: INVALID (no token, another
	case's token, or a link the caseworker revoked: the hash is cleared), EXPIRED, or CLOSED (the
	case is closed: the client has no page any more). The token is checked first, so a stranger
	learns nothing of the case."""
	if not token_matches(token, stored_hash):
		return INVALID
	if expires is None or expires <= now:
		return EXPIRED
	if case_closed:
		return CLOSED
	return None


def visit_problem(
	visit_case: str | None,
	page_case: str,
	status: str | None,
	visit_time: datetime | None,
	now: datetime,
) -> str | None:
	"""None when the page of `page_case` may answer this visit: one of its own visits, still
	scheduled, whose time has not passed."""
	if not visit_case or visit_case != page_case:
		return NOT_THIS_CASE
	if status != "Scheduled":
		return CLOSED
	if visit_time is not None and visit_time <= now:
		return PASSED
	return None


def clean_message(text: str | None) -> str:
	"""A message as it is kept: no control characters (line breaks stay), trimmed."""
	kept = "".join(c for c in (text or "") if c in "\n\t" or (ord(c) >= 32 and ord(c) != 127))
	return kept.replace("\t", " ").strip()


def message_problem(text: str | None, max_chars: int) -> str | None:
	"""None when a message from the page can be taken, else "empty" or "too_long"."""
	cleaned = clean_message(text)
	if not cleaned:
		return "empty"
	if len(cleaned) > max(1, int(max_chars or DEFAULT_MESSAGE_CHARS)):
		return "too_long"
	return None


def goal_progress(statuses: list[str | None]) -> tuple[int, int]:
	"""(goals done, goals that count): a goal set aside as not reached does not count."""
	counted = [s for s in statuses if s != "Not Achieved"]
	return sum(1 for s in counted if s == "Achieved"), len(counted)


def goal_words(status: str | None) -> str:
	return GOAL_WORDS.get(status or "Not Started", GOAL_WORDS["Not Started"])
