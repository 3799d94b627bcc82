"""When a case's next follow-up visit is due, and what to do about visits that were missed.

Cases in an open state (Active, Monitoring) always have one open (Scheduled) visit. It is
due a risk-level interval after the last completed visit, or after activation when there is
none yet, and never in the past when it is first planned. A change of risk level moves an
open visit that has no booked time. A visit still open a grace period after its due date is
Missed; two missed in a row call for the supervisor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

OPEN_STATES = ("Active", "Monitoring")


@dataclass(frozen=True)
class CaseState:
	name: str
	workflow_state: str | None
	risk_level: str | None
	activation_date: date | None


@dataclass(frozen=True)
class OpenVisit:
	name: str
	due_date: date
	booked: bool  # a time was agreed with the client: the schedule does not move it


@dataclass(frozen=True)
class Plan:
	"""What to do for one case: "create" a visit due `due`, "move" `visit` to `due`, or
	"none" with the `reason` (a code a person can read)."""

	action: str
	due: date | None = None
	visit: str | None = None
	reason: str = ""


def interval_for(risk_level: str | None, intervals: Mapping[str, int]) -> int | None:
	"""Days between visits for a risk level; None when there is no usable interval."""
	days = intervals.get(risk_level or "")
	return days if days and days > 0 else None


def plan_next_visit(
	case: CaseState,
	open_visit: OpenVisit | None,
	last_completed: date | None,
	intervals: Mapping[str, int],
	today: date,
) -> Plan:
	"""The one thing to do so that `case` has its next follow-up visit, if anything."""
	if case.workflow_state not in OPEN_STATES:
		return Plan("none", reason="not_open")
	if not case.risk_level:
		return Plan("none", reason="no_risk_level")
	days = interval_for(case.risk_level, intervals)
	if days is None:
		return Plan("none", reason="no_interval")
	base = last_completed or case.activation_date or today
	due = base + timedelta(days=days)
	if open_visit is None:
		return Plan("create", due=max(due, today))
	if open_visit.booked:
		return Plan("none", reason="booked")
	if due <= today:
		# Due already: an open visit that is due or overdue stays as it is (it becomes
		# Missed after the grace period); one planned for later is brought forward to today.
		if open_visit.due_date <= today:
			return Plan("none", reason="up_to_date")
		return Plan("move", due=today, visit=open_visit.name)
	if open_visit.due_date == due:
		return Plan("none", reason="up_to_date")
	return Plan("move", due=due, visit=open_visit.name)


def missed_cutoff(today: date, grace_days: int) -> date:
	"""The latest due date at which an open visit counts as missed on `today`: its grace
	period after the due date has passed (a negative grace counts as none)."""
	return today - timedelta(days=max(grace_days, 0) + 1)


def is_missed(due_date: date, today: date, grace_days: int) -> bool:
	"""An open visit is missed once its grace period after the due date has passed."""
	return due_date <= missed_cutoff(today, grace_days)


def missed_twice_in_a_row(statuses_by_due_date: Sequence[str]) -> bool:
	"""True when the two latest visits that happened or should have (not cancelled, not
	still scheduled) were both missed. `statuses_by_due_date` is oldest first."""
	settled = [s for s in statuses_by_due_date if s in ("Completed", "Missed")]
	return len(settled) >= 2 and settled[-1] == settled[-2] == "Missed"


# The visit calendar's colours (Frappe's own palette): open in blue, late in orange, done in
# green, missed in red, cancelled in grey.
CALENDAR_COLOURS = {
	"Scheduled": "#2490EF",
	"Overdue": "#F8814F",
	"Completed": "#29CD42",
	"Missed": "#E24C4C",
	"Cancelled": "#98A1A9",
}


def calendar_status(status: str | None, due_date: date | None, today: date) -> str:
	"""What the calendar shows a visit as: its status, or "Overdue" for a Scheduled visit whose
	due date has passed (as the caseload marks it)."""
	if status == "Scheduled" and due_date and due_date < today:
		return "Overdue"
	return status or "Scheduled"
