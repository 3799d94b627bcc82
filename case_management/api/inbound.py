"""The SMS gateway's webhook for texts clients send (issue #21)."""

import frappe
from frappe import _

from case_management.services.inbound import receive_request


@frappe.whitelist(allow_guest=True, methods=["POST"])
def receive() -> dict:
	"""One incoming text, posted by the gateway as JSON {message_id, from, text}.

	A guest endpoint only because the gateway has no session: every request must carry the
	settings' secret as an HMAC-SHA256 signature of "<X-Timestamp>.<raw body>" (X-Signature),
	with a timestamp inside the settings' window; anything else is refused and nothing is
	stored. At most 6,000 requests a minute from one IP (the gateway's: 50 texts a second,
	each retried once), and the settings' number of new texts per sender; bodies over 16 KB
	are refused. A genuine text is stored and answered at once; acting on it is a background
	job. See services/inbound.py.
	"""
	request = getattr(frappe.local, "request", None)
	if request is None:  # called from code, not posted: there is nothing signed to check
		frappe.throw(_("The request is not signed."), frappe.PermissionError)
	return receive_request(request.get_data(cache=True), request.headers, request.content_length)
