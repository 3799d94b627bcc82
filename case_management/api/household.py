"""The household of a client, for the Client and Case forms and the portal."""

import frappe

from case_management.services.household import summarize


@frappe.whitelist(methods=["GET"])
def get_household(client: str) -> dict:
	"""Members, ages, HMIS relationship codes, income totals and % of the poverty guideline."""
	frappe.get_doc("Client", client).check_permission("read")
	return summarize(client)
