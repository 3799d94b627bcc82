# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ClientMergeLog(Document):
	"""Written by services.duplicates.merge and .undo_merge; read-only for everyone."""
