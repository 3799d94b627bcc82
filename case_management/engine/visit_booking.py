"""Booking a follow-up visit at an agreed time, and what the client has been told of it.

A case has one open (Scheduled) visit at a time (engine/follow_up.py): booking gives that
visit a time, or, when the case has none open, opens one. Only a Scheduled visit can be moved;
a time already past, or more than a year ahead (a mistyped year), is refused.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

# A time this far ahead is a typing mistake, not a plan.
FURTHEST_AHEAD = timedelta(days=366)

PROBLEMS = ("not_scheduled", "in_past", "too_far", "already_open")


def booking_problem(
	when: datetime,
	now: datetime,
	status: str | None = None,
	other_open_due: date | None = None,
) -> str | None:
	"""Why a visit cannot be booked at `when` (one of PROBLEMS), or None.

	`status` is the status of the visit being moved (None: a new visit); `other_open_due` the
	due date of the case's open visit when a new one is asked for."""
	if status is not None and status != "Scheduled":
		return "not_scheduled"
	if status is None and other_open_due is not None:
		return "already_open"
	if when < now:
		return "in_past"
	if when - now > FURTHEST_AHEAD:
		return "too_far"
	return None


NOTICE_STATES = ("no_time", "not_told", "notice_waiting", "reminded", "told")


def notice_state(
	booked: bool,
	notice_pending: bool,
	reminded: bool,
	can_email: bool,
	can_text: bool,
) -> str:
	"""What the client has been told of a Scheduled visit (one of NOTICE_STATES).

	A visit with only a due date has no agreed time. The app messages a client only with
	their consent (email: OK to email and an address; text: OK to text and safe to text and a
	phone), so without either the caseworker must phone. Otherwise the booking message waits
	for quiet hours to end, then goes, and the day before a reminder follows."""
	if not booked:
		return "no_time"
	if not (can_email or can_text):
		return "not_told"
	if notice_pending:
		return "notice_waiting"
	if reminded:
		return "reminded"
	return "told"


def week_days(start: date, days: int = 7) -> tuple[date, date]:
	"""The first and last day of the `days` days starting on `start` (both included)."""
	return start, start + timedelta(days=days - 1)
