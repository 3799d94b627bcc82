# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import getdate


class InboundMessage(Document):
	"""Written by the webhook (services/inbound.py) only; staff read it, nobody edits it."""

	def autoname(self):
		"""IN-<year>-<10 random hex digits>. Not a naming series: its counter row stays locked
		until the request commits, so at the gateway's rate every text would wait for the one
		before it. services/inbound.store tries a new name in the (unlikely) event of a clash."""
		self.name = f"IN-{getdate(self.received_at).year}-{frappe.generate_hash(length=10)}"
