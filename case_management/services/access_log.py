"""Searches across caseloads, and clients opened that another caseload serves: counted per user
and kept in the Client Access Log, which the user's supervisor reads.

Frappe's `rate_limiter` counts per IP address or per request argument, not per signed-in user
(a whole office shares one address), so the per-user count is kept here, in the same way: a
Redis counter per user and hour.
"""

import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from case_management.engine.intake_search import over_limit
from case_management.services.intake import team_of
from case_management.services.limits import count

WINDOW_SECONDS = 60 * 60


def count_search() -> None:
	"""One more search by the user; refused past the agency's hourly limit."""
	limit = frappe.db.get_single_value("Case Management Settings", "intake_searches_per_hour")
	searches = count(f"intake-searches:{frappe.session.user}", WINDOW_SECONDS)
	if over_limit(searches, int(limit or 0)):
		frappe.throw(
			_(
				"You have searched for clients {0} times in the last hour, the most this agency allows. Try again later, or ask your supervisor."
			).format(int(limit)),
			frappe.RateLimitExceededError,
			title=_("Too many searches"),
		)


def log_access(kind: str, query: dict | None = None, clients: list[str] | None = None, **values) -> None:
	"""Keep one Client Access Log entry (the user cannot write the log themselves)."""
	user = frappe.session.user
	frappe.get_doc(
		{
			"doctype": "Client Access Log",
			"user": user,
			"team": team_of(user),
			"kind": kind,
			"at": now_datetime(),
			"query": json.dumps({k: v for k, v in (query or {}).items() if v}, default=str)
			if query
			else None,
			"results": len(clients or []),
			"clients": ", ".join(clients or []) or None,
			**values,
		}
	).insert(ignore_permissions=True)
	# A search is a GET: Frappe commits a GET's writes only when asked, and the log must stay.
	frappe.local.flags.commit = True
