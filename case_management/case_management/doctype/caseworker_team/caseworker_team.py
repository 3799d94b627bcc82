# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class CaseworkerTeam(Document):
	def validate(self):
		self.validate_supervisor()
		self.validate_members()

	def validate_supervisor(self):
		if "Case Supervisor" not in frappe.get_roles(self.supervisor):
			frappe.throw(
				_("{0} needs the Case Supervisor role to supervise a team.").format(
					frappe.bold(frappe.utils.escape_html(self.supervisor))
				)
			)

	def validate_members(self):
		seen = set()
		for row in self.members:
			if row.user in seen:
				frappe.throw(
					_("{0} is listed twice in this team.").format(
						frappe.bold(frappe.utils.escape_html(row.user))
					)
				)
			seen.add(row.user)
