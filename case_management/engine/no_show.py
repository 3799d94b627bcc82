"""No-show counting: visits by outcome against reminders and the client's confirmation.

Pure functions (no frappe import). A visit counts once, in the month of its day (its booked
time, else its due date), for the caseworker of its case, and only once it has an outcome:
Completed, Missed or Cancelled (a visit still Scheduled has none yet).

*Reminded*: the day-before reminder went out by email or by text (either flag set).
*Confirmed*: the client's last answer on the visit is Confirmed — from the reminder's link,
the client's own page, or a "C" / YES text (services/inbound.py writes the same field). An
answer changed later (asked to reschedule, cancelled) is no longer a confirmation.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from case_management.engine.i18n import _

OUTCOMES = ("Completed", "Missed", "Cancelled")
CONFIRMED = "Confirmed"


def visit_day(due_date, scheduled_time=None) -> date | None:
	"""The day a visit belongs to: its booked time's day, else its due date."""
	when = scheduled_time or due_date
	if when is None:
		return None
	if isinstance(when, datetime):
		return when.date()
	if isinstance(when, date):
		return when
	return date.fromisoformat(str(when)[:10])


def month_of(day: date) -> str:
	return day.strftime("%Y-%m")


def reminded(visit: Mapping) -> bool:
	return bool(visit.get("reminder_sent")) or bool(visit.get("sms_reminder_sent"))


def confirmed(visit: Mapping) -> bool:
	return visit.get("client_response") == CONFIRMED


def rate(part: int, whole: int) -> float | None:
	"""part / whole in 0..1, or None when there is nothing to divide by."""
	if whole <= 0:
		return None
	if part < 0 or part > whole:
		raise ValueError(_("part must be between 0 and whole"))
	return part / whole


def _empty(caseworker, month: str, was_reminded: bool, was_confirmed: bool) -> dict:
	return {
		"caseworker": caseworker,
		"month": month,
		"reminded": was_reminded,
		"confirmed": was_confirmed,
		"visits": 0,
		"completed": 0,
		"missed": 0,
		"cancelled": 0,
	}


def tally(visits: Iterable[Mapping]) -> list[dict]:
	"""One row per caseworker, month, reminded (yes/no) and confirmed (yes/no) with visits.

	Each visit given needs: caseworker, status, due_date (and scheduled_time), reminder_sent,
	sms_reminder_sent, client_response. A visit without an outcome or a day is left out; any
	other visit is counted in exactly one row and one outcome. Rows are sorted by caseworker,
	month, reminded first, confirmed first; each has its missed rate (missed / visits, 0..1).
	"""
	rows: dict[tuple, dict] = {}
	for visit in visits:
		status = visit.get("status")
		if status not in OUTCOMES:
			continue
		day = visit_day(visit.get("due_date"), visit.get("scheduled_time"))
		if day is None:
			continue
		key = (visit.get("caseworker") or "", month_of(day), reminded(visit), confirmed(visit))
		row = rows.get(key)
		if row is None:
			row = rows[key] = _empty(visit.get("caseworker"), *key[1:])
		row["visits"] += 1
		row[status.lower()] += 1
	out = [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1], not k[2], not k[3]))]
	for row in out:
		row["missed_rate"] = rate(row["missed"], row["visits"])
	return out


def totals(rows: Iterable[Mapping]) -> dict:
	"""Visits and misses overall, with and without a reminder, and confirmed; rates in 0..1."""
	out = {
		key: 0
		for key in (
			"visits",
			"completed",
			"missed",
			"cancelled",
			"reminded_visits",
			"reminded_missed",
			"unreminded_visits",
			"unreminded_missed",
			"confirmed_visits",
			"confirmed_missed",
		)
	}
	for row in rows:
		for outcome in ("visits", "completed", "missed", "cancelled"):
			out[outcome] += row[outcome]
		side = "reminded" if row["reminded"] else "unreminded"
		out[f"{side}_visits"] += row["visits"]
		out[f"{side}_missed"] += row["missed"]
		if row["confirmed"]:
			out["confirmed_visits"] += row["visits"]
			out["confirmed_missed"] += row["missed"]
	out["missed_rate"] = rate(out["missed"], out["visits"])
	out["reminded_missed_rate"] = rate(out["reminded_missed"], out["reminded_visits"])
	out["unreminded_missed_rate"] = rate(out["unreminded_missed"], out["unreminded_visits"])
	out["confirmed_missed_rate"] = rate(out["confirmed_missed"], out["confirmed_visits"])
	return out


def monthly_missed_rates(rows: Iterable[Mapping]) -> tuple[list[str], list, list]:
	"""For the chart: the months, and each month's missed rate with and without a reminder.

	A month with no visit on one side has None there (no bar rather than a false 0).
	"""
	by_month: dict[str, list[int]] = {}
	for row in rows:
		counts = by_month.setdefault(row["month"], [0, 0, 0, 0])
		offset = 0 if row["reminded"] else 2
		counts[offset] += row["missed"]
		counts[offset + 1] += row["visits"]
	months = sorted(by_month)
	with_reminder = [rate(by_month[m][0], by_month[m][1]) for m in months]
	without = [rate(by_month[m][2], by_month[m][3]) for m in months]
	return months, with_reminder, without
