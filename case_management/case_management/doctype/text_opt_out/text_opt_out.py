# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TextOptout(Document):
	"""Written by the inbound-text job (services/opt_out.py) only; admins read it, nobody edits it."""
