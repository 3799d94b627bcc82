"""The service plan as a document: what the case's plan says, in sections a client can read.

Pure functions: services/service_plan.py gathers the case's facts and renders the sections this
module builds (in the print format "Service Plan" and the portal's plan page). Only the fields
named here reach the document: nothing internal (case notes, scores, risk, eligibility reasons,
waitlist reasons, staff) is copied, whatever the facts carry. Every text is English; the
templates translate headings, labels and the words of an empty section into the client's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from case_management.engine.i18n import _lt

# (key, heading, what an empty section says), translated where the plan is shown
SECTIONS: tuple[tuple[str, str, str], ...] = (
	("goals", _lt("Goals"), _lt("No goals are written down yet.")),
	("services", _lt("Programs and services"), _lt("No programs or services are recorded yet.")),
	("referrals", _lt("Referrals"), _lt("No referrals have been made yet.")),
)
# Who does what: the words the portal offers; any other text is kept as written.
RESPONSIBLE = ("Client", "Caseworker", _lt("Client and caseworker"), _lt("Partner agency"))
GOAL_FIELDS = ("what", "measure", "target_date", "status", "progress", "who", "in_my_words")


@dataclass(frozen=True)
class PlanFacts:
	"""What the plan needs to know about a case; services/service_plan.py gathers it."""

	goals: tuple[
		Mapping, ...
	] = ()  # goal, measure, target_date, status, progress_notes, responsible, in_my_words
	enrolments: tuple[Mapping, ...] = ()  # name, program, status, entry_date, exit_date
	deliveries: tuple[Mapping, ...] = ()  # enrolment, program, service, quantity, unit, times, first, last
	referrals: tuple[Mapping, ...] = ()  # provider, service, status, outcome


def _clean(text) -> str:
	return " ".join(str(text or "").split())


def _date(value) -> str:
	return str(value or "")[:10]


def goal_item(g: Mapping) -> dict:
	return {
		"what": _clean(g.get("goal")),
		"measure": _clean(g.get("measure")),
		"target_date": _date(g.get("target_date")),
		"status": _clean(g.get("status")) or "Not Started",
		"progress": str(g.get("progress_notes") or "").strip(),
		"who": _clean(g.get("responsible")),
		"in_my_words": str(g.get("in_my_words") or "").strip(),
	}


def delivered_line(d: Mapping) -> dict:
	"""{service, amount, first, last, times}: what was delivered, summed."""
	quantity = float(d.get("quantity") or 0)
	amount = f"{quantity:g} {_clean(d.get('unit'))}".strip() if quantity else ""
	return {
		"service": _clean(d.get("service")) or "A service",
		"amount": amount,
		"times": int(d.get("times") or 0),
		"first": _date(d.get("first")),
		"last": _date(d.get("last")),
	}


def service_items(enrolments: Iterable[Mapping], deliveries: Iterable[Mapping]) -> list[dict]:
	"""One item per enrolment with the services delivered under it; services delivered outside
	any listed enrolment come after, one item per program (or one with no program)."""
	items, by_enrolment = [], {}
	for e in enrolments:
		item = {
			"program": _clean(e.get("program")) or "A program",
			"status": _clean(e.get("status")),
			"entry_date": _date(e.get("entry_date")),
			"exit_date": _date(e.get("exit_date")),
			"delivered": [],
		}
		items.append(item)
		if e.get("name"):
			by_enrolment[e.get("name")] = item
	loose: dict[str, dict] = {}
	for d in deliveries:
		item = by_enrolment.get(d.get("enrolment"))
		if item is None:
			program = _clean(d.get("program"))
			item = loose.setdefault(
				program,
				{"program": program, "status": "", "entry_date": "", "exit_date": "", "delivered": []},
			)
		item["delivered"].append(delivered_line(d))
	return items + list(loose.values())


def referral_item(r: Mapping) -> dict:
	return {
		"provider": _clean(r.get("provider")) or "A provider",
		"service": _clean(r.get("service")),
		"status": _clean(r.get("status")) or "Draft",
		"outcome": str(r.get("outcome") or "").strip(),
	}


def build(facts: PlanFacts) -> list[dict]:
	"""The plan's sections in order, each {key, heading, items, empty}: `empty` is the sentence to
	show when the section has no items (and "" when it has some)."""
	items = {
		"goals": [goal_item(g) for g in facts.goals],
		"services": service_items(facts.enrolments, facts.deliveries),
		"referrals": [referral_item(r) for r in facts.referrals],
	}
	return [
		{"key": key, "heading": heading, "items": items[key], "empty": "" if items[key] else empty}
		for key, heading, empty in SECTIONS
	]
