"""The monthly case summary: the month's boundaries and a short narrative from its facts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time

from case_management.engine.i18n import _, _lt


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
	"""`one` or `many` (templates with {0}) for `n`, in the reader's language."""
	return _(one if n == 1 else many).format(n)


def narrative(facts: MonthFacts) -> str:
	"""A few plain sentences that say what happened, built only from the facts (in the language
	of whoever, or whichever job, writes the summary: it is kept as written)."""
	sentences = []
	activity = []
	if facts.notes:
		activity.append(_count(facts.notes, _lt("{0} note written"), _lt("{0} notes written")))
	if facts.visits_completed:
		activity.append(
			_count(facts.visits_completed, _lt("{0} visit completed"), _lt("{0} visits completed"))
		)
	if facts.visits_missed:
		activity.append(_count(facts.visits_missed, _lt("{0} visit missed"), _lt("{0} visits missed")))
	if activity:
		sentences.append(_("This month: {0}.").format(", ".join(activity)))
	else:
		sentences.append(_("No notes or visits this month."))
	if facts.risk_at_start != facts.risk_at_end:
		before = _(facts.risk_at_start) if facts.risk_at_start else _("not assessed")
		after = _(facts.risk_at_end) if facts.risk_at_end else _("not assessed")
		sentences.append(_("Risk level changed from {0} to {1}.").format(before, after))
	elif facts.risk_at_end:
		sentences.append(_("Risk level stayed {0}.").format(_(facts.risk_at_end)))
	if facts.score_change > 0:
		sentences.append(_("Vulnerability score rose by {0}.").format(facts.score_change))
	elif facts.score_change < 0:
		sentences.append(_("Vulnerability score fell by {0}.").format(-facts.score_change))
	referrals = []
	if facts.referrals_opened:
		referrals.append(_count(facts.referrals_opened, _lt("{0} referral made"), _lt("{0} referrals made")))
	if facts.referrals_completed:
		referrals.append(_("{0} completed").format(facts.referrals_completed))
	if facts.referrals_overdue:
		referrals.append(_("{0} overdue for a reply").format(facts.referrals_overdue))
	if referrals:
		sentences.append(_("Referrals: {0}.").format(", ".join(referrals)))
	if facts.services_delivered:
		sentences.append(
			_count(
				facts.services_delivered,
				_lt("{0} program service delivered."),
				_lt("{0} program services delivered."),
			)
		)
	if facts.goals_total:
		sentences.append(
			_("Service plan: {0} of {1} goals achieved.").format(facts.goals_achieved, facts.goals_total)
		)
	if facts.checklist_progress < 100:
		sentences.append(_("Intake checklist {0}% complete.").format(f"{facts.checklist_progress:g}"))
	return " ".join(sentences)
