# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from case_management.engine.household import minor_heads_adults, self_conflict
from case_management.engine.names import clean_name, full_name
from case_management.engine.people import age_on
from case_management.utils import validate_birth_date


class HouseholdMember(Document):
	def validate(self):
		self.set_full_name()
		validate_birth_date(self)
		self.validate_single_self()
		self.validate_adult_head()

	@property
	def age(self) -> int | None:
		if not self.date_of_birth or getdate(self.date_of_birth) > getdate(today()):
			return None
		return age_on(getdate(self.date_of_birth), getdate(today()))

	def set_full_name(self):
		self.first_name = clean_name(self.first_name)
		self.last_name = clean_name(self.last_name)
		self.full_name = full_name(self.first_name, None, self.last_name)

	def validate_single_self(self):
		# Lock the household's head client so two members saved at once cannot both be Self.
		frappe.db.get_value("Client", self.client, "name", for_update=True)
		others = frappe.get_all(
			"Household Member",
			filters={"client": self.client, "name": ("!=", self.name or "")},
			pluck="relationship",
		)
		if self_conflict(others, self.relationship):
			frappe.throw(
				_(
					"This household already has a member recorded as Self. Each household has exactly one Self: the head of household."
				),
				title=_("Second Self in household"),
			)

	def validate_adult_head(self):
		head = frappe.db.get_value("Client", self.client, "date_of_birth")
		others = frappe.get_all(
			"Household Member",
			filters={"client": self.client, "name": ("!=", self.name or "")},
			pluck="date_of_birth",
		)
		birth_dates = [getdate(d) if d else None for d in [*others, self.date_of_birth]]
		if minor_heads_adults(getdate(head) if head else None, birth_dates, getdate(today())):
			frappe.throw(
				_(
					"The head of this household is a minor, but the household has an adult. Record the household under the adult instead."
				),
				title=_("Head of household must be an adult"),
			)
