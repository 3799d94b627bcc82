"""The client's own page (issue #21): the caseworker sends and revokes its link from the case
page; the client, with the link's token only, answers their visits and writes to the caseworker.
The work is done in services/client_page.py."""

import frappe

from case_management.services import client_page
from case_management.services.limits import rate_limit
from case_management.services.portal.common import require_staff


def messages_per_hour() -> int:
	return (
		frappe.utils.cint(
			frappe.db.get_single_value("Case Management Settings", "client_page_messages_per_hour")
		)
		or 5
	)


@frappe.whitelist(methods=["POST"])
def send_link(case: str, channel: str) -> dict:
	"""Text or email the client the link to their page: only to a channel they consented to and
	marked safe. A new link ends the one sent before."""
	require_staff()
	return client_page.send_link(case, channel)


@frappe.whitelist(methods=["POST"])
def revoke_link(case: str) -> dict:
	"""End the client's page link, and with it every visit link of the case."""
	require_staff()
	return client_page.revoke(case)


@frappe.whitelist(methods=["POST"])
def revoke_visit_link(case: str, visit: str) -> dict:
	"""End the link in one visit's reminder."""
	require_staff()
	return client_page.revoke_visit(case, visit)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
def respond(
	token: str,
	visit: str,
	action: str,
	chosen_time: str | None = None,
	preferred_time: str | None = None,
) -> dict:
	"""Confirm an upcoming visit of the case, or ask to move it, from the client's page.

	Guests may call this only with the page link's unexpired token, for a scheduled visit of
	that case whose time has not passed; anything else gets the one plain refusal."""
	return client_page.respond(token, visit, action, chosen_time, preferred_time)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
@rate_limit(key="token", limit=messages_per_hour, seconds=60 * 60, ip_based=False)
def send_message(token: str, message: str) -> dict:
	"""Write to the caseworker from the client's page: kept on the case with a ToDo.

	Guests may call this only with the page link's unexpired token. Limited per link (the
	settings' messages per hour) and per address, and in length."""
	return client_page.send_message(token, message)
