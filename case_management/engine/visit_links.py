"""Links clients use to answer about a visit without logging in (issue #21).

A link carries a random token; only its hash is stored on the visit, with an expiry
(`new_token`, `token_matches` are the partner links' own, from engine/referrals.py). The rules
here decide whether a presented link still works, which times a caseworker may offer for a
move, what a client's answer means, and which channel a link may be sent to. Nothing here
imports frappe.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from case_management.engine.referrals import hash_token, new_token, token_matches

__all__ = ["hash_token", "new_token", "token_matches"]

# Why a link does not work. The page says the same plain sentence for every one of them: it
# must not tell a stranger whether a visit exists.
INVALID, EXPIRED, PASSED, CLOSED = "invalid", "expired", "passed", "closed"

CONFIRM, RESCHEDULE, CANCEL = "confirm", "reschedule", "cancel"
ACTIONS = (CONFIRM, RESCHEDULE, CANCEL)
# What each answer shows on the visit as the client's answer (Follow-up Visit.client_response).
RESPONSES = {CONFIRM: "Confirmed", RESCHEDULE: "Asked to reschedule", CANCEL: "Cancelled"}
MAX_OFFERED = 3
MAX_PREFERRED_CHARS = 200
OFFER_HORIZON_DAYS = 366


def link_expiry(now: datetime, lifetime_days: int) -> datetime:
	"""When a link made `now` stops working: the settings' lifetime, at least one day."""
	return now + timedelta(days=max(1, int(lifetime_days or 0)))


def link_problem(
	token: str | None,
	stored_hash: str | None,
	expires: datetime | None,
	status: str | None,
	visit_time: datetime | None,
	now: datetime,
) -> str | None:
	"""None when the presented token opens this visit now, else why not.

	INVALID: no token, a token of another visit, or a link the caseworker revoked (the hash is
	cleared); EXPIRED: past its expiry; CLOSED: the visit is no longer scheduled (completed,
	missed, cancelled); PASSED: the visit's time has come and gone, so there is nothing left to
	answer. The token is checked first, so a stranger learns nothing of the visit's state."""
	if not token_matches(token, stored_hash):
		return INVALID
	if expires is None or expires <= now:
		return EXPIRED
	if status != "Scheduled":
		return CLOSED
	if visit_time is not None and visit_time <= now:
		return PASSED
	return None


def offer_problem(times: list[datetime], now: datetime) -> str | None:
	"""None when the caseworker may offer these times for a move, else why not: "too_many"
	(more than MAX_OFFERED), "past" (not after now), "too_far" (more than a year ahead) or
	"repeated" (the same time twice). No times at all is allowed: it withdraws the offer."""
	if len(times) > MAX_OFFERED:
		return "too_many"
	if any(t <= now for t in times):
		return "past"
	if any(t > now + timedelta(days=OFFER_HORIZON_DAYS) for t in times):
		return "too_far"
	if len(set(times)) != len(times):
		return "repeated"
	return None


def answer_problem(
	action: str,
	chosen: datetime | None,
	preferred: str | None,
	offered: list[datetime],
	now: datetime,
) -> str | None:
	"""None when a client's answer can be taken, else why not: "unknown_action"; for a
	reschedule, "choose_or_write" (neither an offered time nor a preferred time written),
	"not_offered" (a time the caseworker did not offer), "offer_passed" (an offered time
	already gone) or "too_long" (a written time over MAX_PREFERRED_CHARS)."""
	if action not in ACTIONS:
		return "unknown_action"
	if action != RESCHEDULE:
		return None
	written = " ".join((preferred or "").split())
	if chosen is None and not written:
		return "choose_or_write"
	if chosen is not None:
		if chosen not in offered:
			return "not_offered"
		if chosen <= now:
			return "offer_passed"
	if len(written) > MAX_PREFERRED_CHARS:
		return "too_long"
	return None


SMS, EMAIL = "SMS", "Email"


def channel_problem(
	channel: str,
	*,
	phone: str | None = None,
	ok_to_sms: bool = False,
	safe_to_text: bool = False,
	opted_out: bool = False,
	email: str | None = None,
	ok_to_email: bool = False,
) -> str | None:
	"""None when a link may go to the client by `channel`, else why not. A text needs a phone,
	consent to texts, the phone marked safe to text and no opt-out (STOP); an email needs an
	address and consent to email."""
	if channel == SMS:
		if not phone:
			return "no_phone"
		if not ok_to_sms:
			return "no_sms_consent"
		if not safe_to_text:
			return "not_safe_to_text"
		if opted_out:
			return "opted_out"
		return None
	if channel == EMAIL:
		if not email:
			return "no_email"
		if not ok_to_email:
			return "no_email_consent"
		return None
	return "unknown_channel"


def first_name(full_name: str | None) -> str:
	"""The first word of a name: all of a caseworker the client's page shows."""
	words = (full_name or "").split()
	return words[0] if words else ""
