# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from case_management.engine.eligibility import Rule, rule_problems
from case_management.engine.waitlist import POLICIES


class Program(Document):
	def validate(self):
		self.validate_dates()
		self.validate_places()
		self.validate_services()
		self.validate_eligibility_rules()
		self.validate_managers()

	def on_update(self):
		before = self.get_doc_before_save()
		if before and (self.capacity or 0) != (before.capacity or 0):
			from case_management.services.enrolment import fill_places

			fill_places(self.name)  # more places (or no limit): offer them to the next in line

	def validate_dates(self):
		if self.start_date and self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("The program cannot close before it opens."), title=_("Dates"))

	def validate_places(self):
		if (self.capacity or 0) < 0:
			frappe.throw(_("Capacity cannot be negative (0 means no limit)."))
		if (self.offer_reply_days or 0) < 1:
			frappe.throw(_("Give clients at least one day to answer an offer."))
		if self.waitlist_policy not in POLICIES:
			frappe.throw(_("Choose how the waitlist is ordered."))

	def validate_services(self):
		names = [(row.service or "").strip().casefold() for row in self.services]
		if len(names) != len(set(names)):
			frappe.throw(_("Each service is listed once."))

	def validate_eligibility_rules(self):
		problems = []
		for n, row in enumerate(self.eligibility_rules, start=1):
			try:
				rule = Rule.from_row(row.as_dict())
			except ValueError as e:
				problems.append(_("Rule {0}: {1}").format(n, str(e)))
				continue
			problems += [_("Rule {0}: {1}").format(n, p) for p in rule_problems(rule)]
		if problems:
			items = "".join(f"<li>{frappe.utils.escape_html(p)}</li>" for p in problems)
			frappe.throw(
				_("These eligibility criteria cannot be used:") + f"<ul>{items}</ul>",
				title=_("Eligibility criteria"),
			)

	def validate_managers(self):
		users = [row.user for row in self.managers]
		if len(users) != len(set(users)):
			frappe.throw(_("Each program manager is listed once."))
		if not users:
			return
		with_role = set(
			frappe.get_all(
				"Has Role",
				filters={"parent": ("in", users), "parenttype": "User", "role": "Program Manager"},
				pluck="parent",
			)
		)
		missing = [u for u in users if u not in with_role]
		if missing:
			frappe.throw(
				_("Give these users the Program Manager role first: {0}").format(
					frappe.utils.escape_html(", ".join(missing))
				)
			)
