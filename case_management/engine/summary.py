"""The monthly case summary: the month's boundaries and a short narrative from its facts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time


def month_bounds(any_day: date) -> tuple[datetime, datetime]:
	"""The first and last instant of the month of `any_day`, as naive local datetimes.

	Frappe stores datetimes in the site's time zone, so comparing them with these bounds
	puts a visit at 23:30 on the 31st in that month, wherever the server's clock is set.
	"""
	first = any_day.replace(day=1)
	last = any_day.replace(day=calendar.monthrange(any_day.year, any_day.month)[1])
	return datetime.combine(first, time.min), datetime.combine(last, time.max)


def previous_month(today: date) -> date:
	"""The first day of the month before `today`'s."""
	first = today.replace(day=1)
	return (
		first.replace(year=first.year - 1, month=12)
		if first.month == 1
		else first.replace(month=first.month - 1)
	)


@dataclass(frozen=True)
class MonthFacts:
	notes: int = 0
	visits_completed: int = 0
	visits_missed: int = 0
	risk_at_start: str | None = None
	risk_at_end: str | None = None
	score_change: int = 0
	referrals_opened: int = 0
	referrals_completed: int = 0
	referrals_overdue: int = 0
	services_delivered: int = 0
	checklist_progress: float = 0.0
	goals_achieved: int = 0
	goals_total: int = 0


def _count(n: int, one: str, many: str) -> str:
	return f"{n} {one if n == 1 else many}"


def narrative(facts: MonthFacts) -> str:
	"""A few plain sentences that say what happened, built only from the facts."""
	sentences = []
	activity = []
	if facts.notes:
		activity.append(_count(facts.notes, "note", "notes") + " written")
	if facts.visits_completed:
		activity.append(_count(facts.visits_completed, "visit", "visits") + " completed")
	if facts.visits_missed:
		activity.append(_count(facts.visits_missed, "visit", "visits") + " missed")
	sentences.append(
		("This month: " + ", ".join(activity) + ".") if activity else "No notes or visits this month."
	)
	if facts.risk_at_start != facts.risk_at_end:
		sentences.append(
			f"Risk level changed from {facts.risk_at_start or 'not assessed'} to {facts.risk_at_end or 'not assessed'}."
		)
	elif facts.risk_at_end:
		sentences.append(f"Risk level stayed {facts.risk_at_end}.")
	if facts.score_change:
		sentences.append(
			f"Vulnerability score {'rose' if facts.score_change > 0 else 'fell'} by {abs(facts.score_change)}."
		)
	referrals = []
	if facts.referrals_opened:
		referrals.append(_count(facts.referrals_opened, "referral", "referrals") + " made")
	if facts.referrals_completed:
		referrals.append(f"{facts.referrals_completed} completed")
	if facts.referrals_overdue:
		referrals.append(f"{facts.referrals_overdue} overdue for a reply")
	if referrals:
		sentences.append("Referrals: " + ", ".join(referrals) + ".")
	if facts.services_delivered:
		sentences.append(
			_count(facts.services_delivered, "program service", "program services") + " delivered."
		)
	if facts.goals_total:
		sentences.append(f"Service plan: {facts.goals_achieved} of {facts.goals_total} goals achieved.")
	if facts.checklist_progress < 100:
		sentences.append(f"Intake checklist {facts.checklist_progress:g}% complete.")
	return " ".join(sentences)
