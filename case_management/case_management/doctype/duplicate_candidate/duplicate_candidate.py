# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document


class DuplicateCandidate(Document):
	"""Written by the nightly check and at intake (services.duplicates); changed only through
	the review actions in api.duplicates (not a duplicate, merge, undo)."""
