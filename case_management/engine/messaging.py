"""Who may receive a message, when it may be sent, and how failures are retried."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

RISK_ORDER = ("Low", "Medium", "High", "Critical")


def risk_rank(level: str | None) -> int:
	"""0 for no risk level, then 1 (Low) to 4 (Critical)."""
	return RISK_ORDER.index(level) + 1 if level in RISK_ORDER else 0


def crosses_trigger(before: str | None, after: str | None, trigger: str) -> bool:
	"""True when a risk level rises to or past `trigger` (not when it was there already)."""
	return risk_rank(after) >= risk_rank(trigger) > risk_rank(before)


@dataclass(frozen=True)
class Recipient:
	kind: str  # "Client" or "Emergency contact"
	name: str
	phone: str


def safety_recipients(client: Mapping, contacts: Iterable[Mapping]) -> list[Recipient]:
	"""Who a safety alert goes to.

	The client only when their phone is marked safe to text (a text to a phone an abuser
	reads can be the danger); every emergency contact or guardian designated to receive
	safety alerts. People without a phone are left out; a number is texted once.
	"""
	out: list[Recipient] = []
	if client.get("safe_to_text") and client.get("phone"):
		out.append(Recipient("Client", client.get("full_name") or "", client["phone"]))
	for contact in contacts:
		if contact.get("receives_safety_alerts") and contact.get("phone"):
			out.append(Recipient("Emergency contact", contact.get("full_name") or "", contact["phone"]))
	seen: set[str] = set()
	unique = []
	for r in out:
		if r.phone not in seen:
			seen.add(r.phone)
			unique.append(r)
	return unique


def backoff(attempt: int, base_minutes: int = 1, cap_minutes: int = 60) -> timedelta:
	"""Wait before retry number `attempt` (1, 2, 3 ...): 1, 2, 4, 8 ... minutes, at most `cap`."""
	return timedelta(minutes=min(cap_minutes, base_minutes * 2 ** max(attempt - 1, 0)))


def in_quiet_hours(at: time, start: time | None, end: time | None) -> bool:
	"""Is `at` inside quiet hours [start, end)? Handles ranges across midnight (21:00-08:00)."""
	if start is None or end is None or start == end:
		return False
	if start < end:
		return start <= at < end
	return at >= start or at < end


def routine_send_time(now: datetime, start: time | None, end: time | None) -> datetime:
	"""When a routine message written `now` may go out: now, or when quiet hours end.
	Safety alerts never use this: they go at once."""
	if not in_quiet_hours(now.time(), start, end):
		return now
	send = datetime.combine(now.date(), end)
	return send if send > now else send + timedelta(days=1)


# A Jinja placeholder that prints one variable, with or without filters: {{ agency_phone }},
# {{ client_first_name | e }}. Expressions ({{ a or b }}) are not placeholders of one value.
PLACEHOLDER = re.compile(r"{{-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^}]*)?-?}}")


def placeholders(template: str | None) -> list[str]:
	"""The variables a message text prints, in order of first use."""
	seen: list[str] = []
	for name in PLACEHOLDER.findall(template or ""):
		if name not in seen:
			seen.append(name)
	return seen


def empty_placeholders(template: str | None, values: Mapping) -> list[str]:
	"""The placeholders of `template` whose value is missing or blank: a text with any of
	them would read "Please call  as soon as you can", so it must not go out as it is."""
	return [name for name in placeholders(template) if not str(values.get(name) or "").strip()]


def split_opted_out(
	recipients: Iterable[Recipient], opted_out: Iterable[str]
) -> tuple[list[Recipient], list[Recipient]]:
	"""(to text, not to text): a number that replied STOP is never texted, not even a safety
	alert; the people behind it must be called instead."""
	stopped = set(opted_out)
	kept = [r for r in recipients if r.phone not in stopped]
	return kept, [r for r in recipients if r.phone in stopped]
