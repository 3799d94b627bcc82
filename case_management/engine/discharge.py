"""The discharge summary written when a case closes: drafted from the case's facts, approved
by a supervisor who did not write it, and copied for the client in plain language.

Pure functions: the service layer gathers the facts (services/discharge.py) and stores the
sections this module drafts. The same rules decide whether a summary may be approved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# (key, heading, required to approve, in the client's copy). The keys are the Discharge
# Summary's field names. The risk section (levels and scores are staff assessments) and the
# internal notes never reach the client's copy.
SECTIONS: tuple[tuple[str, str, bool, bool], ...] = (
	("reason_for_closure", "Reason for closure", True, True),
	("goals_progress", "Goals and progress", True, True),
	("services_delivered", "Services delivered", True, True),
	("referrals_outcomes", "Referrals and their outcomes", True, True),
	("risk_summary", "Risk level and how it changed", True, False),
	("follow_up_plan", "Follow-up plan", True, True),
	("contacts", "Contacts", True, True),
	("internal_notes", "Internal notes", False, False),
)
KEYS = tuple(key for key, *_ in SECTIONS)
REQUIRED = tuple(key for key, _h, required, _c in SECTIONS if required)
HEADINGS = {key: heading for key, heading, *_ in SECTIONS}
# The client's copy speaks to the client, under headings of its own.
CLIENT_HEADINGS = {
	"reason_for_closure": "Why your case is closing",
	"goals_progress": "Your goals",
	"services_delivered": "Services you received",
	"referrals_outcomes": "Where we referred you",
	"follow_up_plan": "What happens next",
	"contacts": "Who to contact",
}
SUPERVISOR_ROLES = frozenset({"Case Supervisor", "Case Management Admin"})
GOAL_STATUS_WORDS = {
	"Achieved": "achieved",
	"Not Achieved": "not achieved",
	"In Progress": "in progress, not finished",
	"Not Started": "not started",
}
RISK_ORDER = ("Low", "Medium", "High", "Critical")
STILL_OPEN_REFERRALS = frozenset({"Sent", "Accepted", "In Progress"})


@dataclass(frozen=True)
class DischargeFacts:
	"""What drafting needs to know about a case; services/discharge.py gathers it."""

	closure_reason: str = ""
	closure_notes: str = ""
	goals: tuple[Mapping, ...] = ()  # goal, measure, status, progress_notes, target_date
	services: tuple[Mapping, ...] = ()  # service, program, quantity, unit, first, last, times
	referrals: tuple[Mapping, ...] = ()  # provider, service, status, outcome
	risk_history: tuple[Mapping, ...] = ()  # changed_on, risk_level, score, source (any order)
	current_risk: str = ""
	agency_name: str = ""
	agency_phone: str = ""
	caseworker_name: str = ""


def _clean(text) -> str:
	return " ".join(str(text or "").split())


def _sentence(text) -> str:
	text = _clean(text)
	return text if not text or text[-1] in ".!?" else text + "."


def _date(value) -> str:
	return str(value or "")[:10]


def draft_reason(facts: DischargeFacts) -> str:
	reason = _clean(facts.closure_reason)
	if not reason:
		return ""  # required: the case cannot be approved without one
	text = f"The case is closing: {reason}."
	notes = _sentence(facts.closure_notes)
	return f"{text} {notes}" if notes else text


def draft_goals(goals: Iterable[Mapping]) -> str:
	lines = []
	for g in goals:
		status = GOAL_STATUS_WORDS.get(g.get("status") or "Not Started", _clean(g.get("status")).lower())
		line = f"- {_clean(g.get('goal')) or 'Goal with no wording'}: {status}"
		if _clean(g.get("measure")):
			line += f" (measured by {_clean(g.get('measure'))})"
		if g.get("target_date"):
			line += f", target {_date(g.get('target_date'))}"
		line += "."
		if _clean(g.get("progress_notes")):
			line += f" Progress: {_sentence(g.get('progress_notes'))}"
		lines.append(line)
	return "\n".join(lines) or "None: no service plan goals were recorded."


def draft_services(services: Iterable[Mapping]) -> str:
	lines = []
	for s in services:
		quantity = s.get("quantity") or 0
		amount = f"{quantity:g} {_clean(s.get('unit'))}".strip() if quantity else ""
		line = f"- {_clean(s.get('service')) or 'A service'}"
		if _clean(s.get("program")):
			line += f" ({_clean(s.get('program'))})"
		details = [d for d in (amount, _times(s)) if d]
		if details:
			line += ": " + ", ".join(details)
		lines.append(line + ".")
	return "\n".join(lines) or "None: no services were recorded as delivered."


def _times(s: Mapping) -> str:
	times, first, last = s.get("times") or 0, _date(s.get("first")), _date(s.get("last"))
	when = f"from {first} to {last}" if first and last and first != last else (f"on {first}" if first else "")
	if times > 1:
		return f"{times} times {when}".strip()
	return when


def draft_referrals(referrals: Iterable[Mapping]) -> str:
	lines = []
	for r in referrals:
		what = _clean(r.get("service")) or "a service"
		line = f"- {_clean(r.get('provider')) or 'A provider'}, {what}: {(_clean(r.get('status')) or 'Draft').lower()}"
		if _clean(r.get("outcome")):
			line += f". Outcome: {_sentence(r.get('outcome'))}"
		else:
			line += "."
		lines.append(line)
	return "\n".join(lines) or "None: no referrals were made."


def risk_trend(levels: list[str]) -> str:
	"""'rose', 'fell', 'stayed the same' or '' (fewer than two known levels), first to last."""
	known = [RISK_ORDER.index(level) for level in levels if level in RISK_ORDER]
	if len(known) < 2:
		return ""
	return "rose" if known[-1] > known[0] else "fell" if known[-1] < known[0] else "stayed the same"


def draft_risk(history: Iterable[Mapping], current: str = "") -> str:
	rows = sorted((r for r in history if r.get("risk_level")), key=lambda r: str(r.get("changed_on") or ""))
	if not rows:
		return f"Last risk level: {current}." if current else "None: no risk level was recorded."
	last = rows[-1]
	text = f"Last risk level: {current or last['risk_level']}"
	if last.get("score") not in (None, ""):
		text += f" (score {last['score']})"
	text += f", recorded on {_date(last.get('changed_on'))}."
	steps = " → ".join(f"{r['risk_level']} ({_date(r.get('changed_on'))})" for r in rows)
	trend = risk_trend([r["risk_level"] for r in rows] + ([current] if current else []))
	if len(rows) > 1:
		text += f" It {trend} over the case: {steps}." if trend else f" Changes: {steps}."
	else:
		text += " It was recorded once."
	return text


def draft_follow_up(facts: DischargeFacts) -> str:
	reason = _clean(facts.closure_reason).lower()
	if "transfer" in reason:
		text = "The receiving agency takes over; we pass on this summary with the client's agreement."
	elif "goals met" in reason:
		text = "No further visits are planned."
	else:
		text = "No further visits are planned. The client may ask to reopen the case at any time."
	still_open = [r for r in facts.referrals if r.get("status") in STILL_OPEN_REFERRALS]
	if still_open:
		names = ", ".join(_clean(r.get("provider")) or "a provider" for r in still_open)
		text += f" Referrals still open will go on with: {names}."
	return text + " If things change, call the agency."


def draft_contacts(facts: DischargeFacts) -> str:
	agency = _clean(facts.agency_name) or "The agency"
	phone = _clean(facts.agency_phone)
	lines = [f"- {agency}: {phone}" if phone else f"- {agency}: phone none recorded"]
	if _clean(facts.caseworker_name):
		lines.append(f"- Caseworker: {_clean(facts.caseworker_name)}")
	return "\n".join(lines)


def draft(facts: DischargeFacts) -> dict[str, str]:
	"""The sections of a new discharge summary, {key: text}, in plain language. Every
	required section is filled, with "None: ..." where the case holds nothing for it —
	except the reason for closure, which is left empty when the case has none, so that the
	summary cannot be approved until it is given. Internal notes start empty."""
	return {
		"reason_for_closure": draft_reason(facts),
		"goals_progress": draft_goals(facts.goals),
		"services_delivered": draft_services(facts.services),
		"referrals_outcomes": draft_referrals(facts.referrals),
		"risk_summary": draft_risk(facts.risk_history, facts.current_risk),
		"follow_up_plan": draft_follow_up(facts),
		"contacts": draft_contacts(facts),
		"internal_notes": "",
	}


def client_copy(sections: Mapping[str, str], client_first_name: str = "") -> str:
	"""The client's copy: the sections meant for the client, under headings that speak to
	them. Never the risk section or the internal notes."""
	parts = []
	name = _clean(client_first_name)
	if name:
		parts.append(f"Dear {name}, this is a summary of your time with us.")
	for key, heading in CLIENT_HEADINGS.items():
		text = (sections.get(key) or "").strip()
		if text:
			parts.append(f"{heading}\n{text}")
	return "\n\n".join(parts)


def missing_sections(sections: Mapping[str, str]) -> list[str]:
	"""The required sections left empty, as keys in section order."""
	return [key for key in REQUIRED if not _clean(sections.get(key))]


def approval_problems(
	sections: Mapping[str, str],
	status: str,
	approver: str,
	approver_roles: Iterable[str],
	drafted_by: str,
) -> list[tuple[str, tuple[str, ...]]]:
	"""Why `approver` may not approve this summary now: [(code, details)], empty when they may.

	- "not_supervisor": only a Case Supervisor (or Case Management Admin) approves
	- "own_summary": nobody approves a summary they wrote (its `drafted_by`)
	- "not_draft": only a draft is approved, once
	- "missing_sections": required sections are empty (details: their keys)
	"""
	problems: list[tuple[str, tuple[str, ...]]] = []
	if not SUPERVISOR_ROLES.intersection(approver_roles):
		problems.append(("not_supervisor", ()))
	if drafted_by and approver == drafted_by:
		problems.append(("own_summary", ()))
	if status != "Draft":
		problems.append(("not_draft", ()))
	missing = missing_sections(sections)
	if missing:
		problems.append(("missing_sections", tuple(missing)))
	return problems
