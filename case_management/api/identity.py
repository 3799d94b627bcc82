"""A client's identity document, for the desk: the whole number, to an admin only."""

import frappe

from case_management.services import identity


@frappe.whitelist(methods=["POST"])
def reveal_id_number(client: str) -> dict:
	"""The whole document number of `client`, for an admin who may read the client; everyone
	else sees only its last four (the Client's `id_number_masked`). Each look is logged."""
	return {"id_number": identity.reveal(client)}
