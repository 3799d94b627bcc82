# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document


class InboundMessage(Document):
	"""Written by the webhook (services/inbound.py) only; staff read it, nobody edits it."""
