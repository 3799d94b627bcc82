"""A client answers about one visit through the link in their reminder (issue #21)."""

import frappe

from case_management.services.limits import rate_limit
from case_management.services.visit_links import answer


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def respond(
	visit: str,
	token: str,
	action: str,
	chosen_time: str | None = None,
	preferred_time: str | None = None,
) -> dict:
	"""Confirm the visit, ask to move it (one of the times offered, or a time written), or
	cancel it.

	Guests may call this only with the visit's own unexpired link token, while the visit is
	still scheduled and its time has not passed; the token is compared with the stored hash.
	Any other link gets the same refusal and nothing changes. Each use is kept on the visit.
	"""
	return answer(visit, token, action, chosen_time, preferred_time)
