"""A program's places and its waitlist: who is next, and why.

- Capacity: a program has `capacity` places (0: no limit). Enrolled clients hold a place, and
  so does an outstanding offer (made, not yet answered, reply-by date not passed). The rest
  are free.
- Admission: a new enrolment takes a free place only when nobody is already waiting for one
  without an offer; otherwise it joins the waitlist. A place is never given twice.
- Order: by the program's policy — *Score then days waiting* (the highest vulnerability score
  first; equal scores, the longest wait first; a client without a score after those with one)
  or *First come, first served* (the longest wait first). Ties fall to the earlier enrolment
  id, so the order is total and stable. A supervisor may place an entry at a position, with
  a reason; the others keep the policy order around it.
- Offers: free places go to the first waiting entries without an offer; an offer not
  answered by its reply-by date lapses, and its place passes to the next in line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from case_management.engine.i18n import _

BY_SCORE = "Score then days waiting"
FIRST_COME = "First come, first served"
POLICIES = (BY_SCORE, FIRST_COME)


@dataclass(frozen=True)
class Entry:
	"""One waiting enrolment."""

	name: str
	waiting_since: date
	score: float | None = None
	pinned_position: int | None = None  # set by a supervisor, with pin_reason
	pin_reason: str = ""


@dataclass(frozen=True)
class Position:
	name: str
	position: int
	reason: str


def free_places(capacity: int, enrolled: int, open_offers: int) -> int | None:
	"""Places free to give now; None when the program has no limit."""
	if not capacity:
		return None
	return max(0, capacity - enrolled - open_offers)


def admit(capacity: int, enrolled: int, open_offers: int, waiting_without_offer: int) -> tuple[str, str]:
	"""('Enrolled' | 'Waitlisted', why) for a new enrolment (why in the reader's language)."""
	free = free_places(capacity, enrolled, open_offers)
	if free is None:
		return "Enrolled", _("the program has no limit on places")
	if waiting_without_offer:
		return "Waitlisted", _("{0} already waiting for a place").format(waiting_without_offer)
	if free > 0:
		return "Enrolled", _("{0} of {1} places free").format(free, capacity)
	if open_offers:
		return "Waitlisted", _("all {0} places taken ({1} held by offers)").format(capacity, open_offers)
	return "Waitlisted", _("all {0} places taken").format(capacity)


def _days(since: date, today: date) -> int:
	return max(0, (today - since).days)


def _policy_key(policy: str, today: date):
	if policy == BY_SCORE:
		return lambda e: (e.score is None, -(e.score or 0), e.waiting_since, e.name)
	return lambda e: (e.waiting_since, e.name)


def _policy_reason(policy: str, entry: Entry, today: date) -> str:
	waited = _days(entry.waiting_since, today)
	since = entry.waiting_since.isoformat()
	wait = (_("waiting {0} day (since {1})") if waited == 1 else _("waiting {0} days (since {1})")).format(
		waited, since
	)
	if policy == BY_SCORE:
		score = _("no score yet") if entry.score is None else _("score {0}").format(f"{entry.score:g}")
		return f"{score}, {wait}"
	return _("first come, first served: {0}").format(wait)


def order(entries: Iterable[Entry], policy: str, today: date) -> list[Position]:
	"""The waitlist in order, position 1 first, each with its reason."""
	if policy not in POLICIES:
		raise ValueError(_("unknown waitlist policy {0}").format(repr(policy)))
	entries = list(entries)
	by_policy = sorted((e for e in entries if not e.pinned_position), key=_policy_key(policy, today))
	pinned = sorted(
		(e for e in entries if e.pinned_position), key=lambda e: (e.pinned_position, e.waiting_since, e.name)
	)
	placed: list[Entry] = list(by_policy)
	for entry in pinned:
		placed.insert(min(max(entry.pinned_position, 1), len(placed) + 1) - 1, entry)
	positions = []
	for n, entry in enumerate(placed, start=1):
		if entry.pinned_position:
			reason = _("placed at position {0} by a supervisor: {1}").format(
				entry.pinned_position, entry.pin_reason
			)
		else:
			reason = _policy_reason(policy, entry, today)
		positions.append(Position(entry.name, n, reason))
	return positions


def next_offers(ordered: Iterable[Position], free: int | None, offered: Iterable[str] = ()) -> list[str]:
	"""The entries to offer the free places to, in order (none offered twice). With no
	limit (free is None) everyone waiting gets one."""
	already = set(offered)
	waiting = [p.name for p in ordered if p.name not in already]
	return waiting if free is None else waiting[: max(0, free)]


def expired(offers: Iterable[tuple[str, date]], today: date) -> list[str]:
	"""Offers (name, reply_by) whose reply-by date has passed: answered by today, or lapsed."""
	return [name for name, reply_by in offers if reply_by < today]
