# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from case_management.engine.household import minor_heads_adults, self_conflict
from case_management.engine.income import InvalidIncome, annual_amount
from case_management.engine.names import clean_name, full_name
from case_management.engine.people import age_on
from case_management.permissions.links import check_member_client
from case_management.utils import validate_birth_date


class HouseholdMember(Document):
	def validate(self):
		self.set_full_name()
		validate_birth_date(self)
		self.validate_household()
		self.validate_income()
		check_member_client(self)

	@property
	def age(self) -> int | None:
		if not self.date_of_birth or getdate(self.date_of_birth) > getdate(today()):
			return None
		return age_on(getdate(self.date_of_birth), getdate(today()))

	def set_full_name(self):
		self.first_name = clean_name(self.first_name)
		self.last_name = clean_name(self.last_name)
		self.full_name = full_name(self.first_name, None, self.last_name)

	def validate_household(self):
		# One query for the head and the other members; it locks the household's rows so
		# two members saved at once cannot both be Self.
		rows = frappe.db.sql(
			"""select c.date_of_birth as head_birth_date, m.relationship, m.date_of_birth
			from `tabClient` c
			left join `tabHousehold Member` m on m.client = c.name and m.name != %(name)s
			where c.name = %(client)s for update""",
			{"client": self.client, "name": self.name or ""},
			as_dict=True,
		)
		head_birth_date = rows[0].head_birth_date if rows else None
		others = [row for row in rows if row.relationship]
		if self_conflict((o.relationship for o in others), self.relationship):
			frappe.throw(
				_(
					"This household already has a member recorded as Self. Each household has exactly one Self: the head of household."
				),
				title=_("Second Self in household"),
			)
		birth_dates = [
			getdate(d) if d else None for d in [*(o.date_of_birth for o in others), self.date_of_birth]
		]
		if minor_heads_adults(
			getdate(head_birth_date) if head_birth_date else None, birth_dates, getdate(today())
		):
			frappe.throw(
				_(
					"The head of this household is a minor, but the household has an adult. Record the household under the adult instead."
				),
				title=_("Head of household must be an adult"),
			)

	def validate_income(self):
		for row in self.income:
			try:
				annual_amount(row.amount, row.frequency)
			except InvalidIncome as e:
				reason = {
					"negative": _("the amount is negative"),
					"too_large": _("the amount is too large to be a real income"),
					"unknown_frequency": _("choose how often it is received"),
				}[e.code]
				frappe.throw(
					_("Income row {0} ({1}): {2}.").format(row.idx, _(row.source or ""), reason),
					title=_("Income not accepted"),
				)
