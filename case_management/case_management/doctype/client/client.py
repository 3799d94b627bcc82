# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from case_management.engine.names import clean_name, full_name
from case_management.utils import normalize_phone_field, phone_region, validate_birth_date


class Client(Document):
	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		# A merge deletes the record it folds into the survivor (frappe.rename_doc). Reviewers
		# may merge records they could not delete by hand; api.duplicates has checked them.
		if permtype == "delete" and frappe.flags.merging_client == self.name:
			return True
		return super().has_permission(permtype, debug=debug, user=user)

	def validate(self):
		self.set_full_name()
		validate_birth_date(self)
		self.normalize_phones()
		self.mark_opted_out_contacts()
		self.check_identity_document()

	def mark_opted_out_contacts(self):
		"""Each emergency contact shows whether its number is on the agency's opt-out list."""
		from case_management.services.opt_out import mark_contacts

		mark_contacts(self.emergency_contacts)

	def check_identity_document(self):
		"""The number fits its type; only its last four stay in view (services.identity)."""
		from case_management.services.identity import check_identity

		check_identity(self)

	def set_full_name(self):
		for field in ("first_name", "middle_name", "last_name", "preferred_name"):
			self.set(field, clean_name(self.get(field)))
		self.full_name = full_name(self.first_name, self.middle_name, self.last_name)

	def normalize_phones(self):
		region = phone_region()
		normalize_phone_field(self, "phone", region)
		normalize_phone_field(self, "alternate_phone", region)
		for contact in self.emergency_contacts:
			contact.full_name = clean_name(contact.full_name)
			normalize_phone_field(contact, "phone", region)

	def after_insert(self):
		self.queue_likely_duplicates()

	def queue_likely_duplicates(self):
		"""Saved despite the intake check: put the likely existing records in the review queue."""
		if frappe.flags.in_import or frappe.flags.in_migrate:
			return  # a bulk import is checked by the nightly run (and the CSV command before it)
		from case_management.services.duplicates import record_intake_candidates

		record_intake_candidates(self)


def on_doctype_update():
	# Caseworkers see the clients they registered until a case exists (permissions module).
	frappe.db.add_index("Client", ["owner"])
