"""What a case must have before it may enter a workflow state.

The workflow itself (states, transitions, who may take them) is data: a Frappe Workflow an
admin edits. These are the prerequisites that data cannot express, checked whenever a case
enters the state, whichever transition brought it there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from case_management.engine.follow_up import OPEN_STATES  # the schedule plans visits only for these

ACTIVE = "Active"
CLOSED = "Closed"


@dataclass(frozen=True)
class Missing:
	"""One unmet prerequisite: a stable `code` and the details a message needs."""

	code: str
	items: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CaseFacts:
	"""What the rules need to know about a case; the controller gathers it."""

	checklist: tuple[Mapping, ...] = ()  # rows with "item", "is_required", "completed"
	has_assessment: bool = False
	referral_count: int = 0  # referrals that are not cancelled
	no_referral_needed: bool = False
	no_referral_reason: str = ""
	closure_reason: str = ""
	discharge_summary: str = ""  # the status of the summary for this closure: "", Draft, Approved


def checklist_progress(rows: Iterable[Mapping]) -> float:
	"""Percentage of checklist rows done, 0–100, rounded to one decimal; 0 for no rows."""
	rows = list(rows)
	if not rows:
		return 0.0
	done = sum(1 for row in rows if row.get("completed"))
	return round(100.0 * done / len(rows), 1)


def incomplete_required_items(rows: Iterable[Mapping]) -> tuple[str, ...]:
	"""Names of the required checklist items that are not done, in checklist order."""
	return tuple(row.get("item") or "" for row in rows if row.get("is_required") and not row.get("completed"))


def activation_blockers(facts: CaseFacts) -> list[Missing]:
	"""Everything that stops a case becoming Active; an empty list means it may.

	A case may become Active once
	- every required intake checklist item is done,
	- an assessment has been completed, and
	- a referral has been made, or "no referral needed" is recorded with a reason.
	"""
	missing: list[Missing] = []
	open_items = incomplete_required_items(facts.checklist)
	if open_items:
		missing.append(Missing("checklist_incomplete", open_items))
	if not facts.has_assessment:
		missing.append(Missing("no_assessment"))
	if facts.referral_count <= 0:
		if not facts.no_referral_needed:
			missing.append(Missing("no_referral"))
		elif not (facts.no_referral_reason or "").strip():
			missing.append(Missing("no_referral_reason"))
	return missing


def closure_blockers(facts: CaseFacts) -> list[Missing]:
	"""A case is closed only with a closure reason and an approved discharge summary (issue
	#23): drafted, edited by the caseworker, approved by a supervisor who did not write it."""
	missing = [] if (facts.closure_reason or "").strip() else [Missing("no_closure_reason")]
	if facts.discharge_summary != "Approved":
		code = "discharge_summary_not_approved" if facts.discharge_summary else "no_discharge_summary"
		missing.append(Missing(code))
	return missing


STATE_RULES = {ACTIVE: activation_blockers, CLOSED: closure_blockers}


def blockers_for_state(state: str | None, facts: CaseFacts) -> list[Missing]:
	"""The unmet prerequisites for entering `state` (states without rules have none)."""
	rule = STATE_RULES.get(state or "")
	return rule(facts) if rule else []


SUPERVISOR_ROLES = frozenset({"Case Supervisor", "Case Management Admin"})


def second_case_problem(open_cases: int, roles: Iterable[str], reason: str | None) -> str | None:
	"""One open case per client per agency. A new case for a client who already has
	`open_cases` open ones is allowed only to a supervisor who gives a reason. Returns None
	when allowed, else "open case" (nobody but a supervisor may) or "reason" (a supervisor
	must say why)."""
	if open_cases <= 0:
		return None
	if not SUPERVISOR_ROLES.intersection(roles):
		return "open case"
	if not (reason or "").strip():
		return "reason"
	return None


# --- what a workflow step changes -----------------------------------------------------------


def step_effects(from_state: str | None, to_state: str, mover_is_caseworker: bool) -> list[str]:
	"""What moving a case from `from_state` into `to_state` changes, as codes a page turns
	into sentences, so the user is told before the move what it does:

	- "visits_start": follow-up visits begin, the first due by the case's risk level
	- "visits_continue": follow-up visits go on as scheduled
	- "visits_stop": no new follow-up visit is planned (an open one stays as it is)
	- "caseworker_notified": the case's caseworker is notified (they did not make the move)
	- "closure_recorded": the closure date and reason are recorded
	- "closure_cleared": the earlier closure date and reason are cleared
	- "nobody_notified": nobody is notified and nothing new becomes due
	"""
	effects: list[str] = []
	was_open, now_open = from_state in OPEN_STATES, to_state in OPEN_STATES
	if now_open and not was_open:
		effects.append("visits_start")
	elif now_open:
		effects.append("visits_continue")
	elif was_open:
		effects.append("visits_stop")
	if to_state == ACTIVE and from_state != ACTIVE and not mover_is_caseworker:
		effects.append("caseworker_notified")
	if to_state == CLOSED:
		effects.append("closure_recorded")
	elif from_state == CLOSED:
		effects.append("closure_cleared")
	if not ({"visits_start", "caseworker_notified"} & set(effects)):
		effects.append("nobody_notified")
	return effects
