"""A referral's lifecycle, and the signed links partners use to answer without logging in."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

TRANSITIONS: dict[str, tuple[str, ...]] = {
	"Draft": ("Sent", "Cancelled"),
	"Sent": ("Accepted", "Declined", "Cancelled"),
	"Accepted": ("In Progress", "Completed", "Cancelled"),
	"In Progress": ("Completed", "Cancelled"),
	"Declined": (),
	"Completed": (),
	"Cancelled": (),
}
CLOSED = ("Declined", "Completed", "Cancelled")
# A referral in these states was never sent or came to nothing: it does not count towards a
# case's activation, and "no referral needed" may be recorded beside it.
INACTIVE = ("Draft", "Cancelled", "Declined")
# What a partner may do, and the status it leads to.
PARTNER_ACTIONS = {
	"accept": "Accepted",
	"decline": "Declined",
	"start": "In Progress",
	"complete": "Completed",
}


def under_way(statuses) -> bool:
	"""Whether any of a case's referrals (their statuses) is one that counts."""
	return any(status not in INACTIVE for status in statuses)


def can_move(before: str, after: str) -> bool:
	"""Whether a referral may go from status `before` to `after` (staying put is allowed)."""
	return before == after or after in TRANSITIONS.get(before, ())


def partner_actions(status: str) -> list[str]:
	"""The partner actions open at `status`, in a sensible order."""
	return [a for a, target in PARTNER_ACTIONS.items() if target in TRANSITIONS.get(status, ())]


def is_overdue(status: str, due: date | None, today: date) -> bool:
	"""A referral is overdue while it waits for the partner's reply past its due date."""
	return status == "Sent" and due is not None and due < today


def new_token() -> tuple[str, str]:
	"""A fresh random link token and the hash that is stored instead of it."""
	token = secrets.token_urlsafe(32)
	return token, hash_token(token)


def hash_token(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str | None, stored_hash: str | None) -> bool:
	"""Constant-time check of a presented token against the stored hash."""
	if not token or not stored_hash:
		return False
	return hmac.compare_digest(hash_token(token), stored_hash)


SERVICE_PROBLEMS = ("none_offered", "not_offered")


def service_choice(service: str | None, offered: list[str]) -> tuple[str | None, str | None]:
	"""The service a referral asks of a provider, as the provider spells it, and why it cannot
	be asked (one of SERVICE_PROBLEMS) or None.

	No service is always allowed (the reason says what is needed). Otherwise it must be one of
	the provider's own services; a difference in case or spacing only is forgiven."""
	wanted = " ".join((service or "").split())
	if not wanted:
		return None, None
	if not offered:
		return None, "none_offered"
	for name in offered:
		if " ".join((name or "").split()).casefold() == wanted.casefold():
			return name, None
	return None, "not_offered"
