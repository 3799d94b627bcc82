"""What a case must have before it may enter a workflow state.

The workflow itself (states, transitions, who may take them) is data: a Frappe Workflow an
admin edits. These are the prerequisites that data cannot express, checked whenever a case
enters the state, whichever transition brought it there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
	"""A case is closed only with a closure reason."""
	return [] if (facts.closure_reason or "").strip() else [Missing("no_closure_reason")]


STATE_RULES = {ACTIVE: activation_blockers, CLOSED: closure_blockers}


def blockers_for_state(state: str | None, facts: CaseFacts) -> list[Missing]:
	"""The unmet prerequisites for entering `state` (states without rules have none)."""
	rule = STATE_RULES.get(state or "")
	return rule(facts) if rule else []
