"""The service plan as a document, shared with the client: typed and permission-checked (the user
must be case staff who may change the case; reading the plan is the print format and the
portal's plan page, which check read permission themselves)."""

import frappe

from case_management.services import service_plan
from case_management.services.portal import case_for, require_staff


@frappe.whitelist(methods=["POST"])
def share(case: str) -> dict:
	"""Attach the plan to the case as a private PDF in the client's language; returns the file."""
	require_staff()
	return service_plan.share(case_for(case, "write"))
