# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.model.document import Document
from frappe.utils import today

from case_management.engine.names import first_name_and_initial
from case_management.engine.referrals import CLOSED, can_move, service_choice


class Referral(Document):
	def validate(self):
		self.validate_provider_active()
		self.validate_service()
		self.validate_transition()
		self.validate_status_details()
		self.stamp_dates()
		self.client_initials = first_name_and_initial(self.client_name)

	def after_insert(self):
		self.add_tracking_todo()

	def on_update(self):
		if not self.has_value_changed("status"):
			return
		if self.status == "Sent":
			from case_management.services.referrals import WAITING, not_emailed_notice, send_to_partner

			if send_to_partner(self) == WAITING:
				frappe.msgprint(
					not_emailed_notice(self.service_provider),
					title=_("Partner not emailed yet"),
					indicator="orange",
				)
		if self.status in CLOSED:
			# The referral is settled: the caseworker's follow-up task is done.
			assign_to.close_all_assignments(self.doctype, self.name, ignore_permissions=True)

	def validate_provider_active(self):
		if not (self.is_new() or self.has_value_changed("service_provider")):
			return
		if not frappe.db.get_value("Service Provider", self.service_provider, "is_active"):
			frappe.throw(
				_("{0} is not an active service provider. Choose another provider.").format(
					frappe.bold(frappe.utils.escape_html(self.service_provider))
				),
				title=_("Inactive provider"),
			)

	def validate_service(self):
		"""The service asked for is one the provider lists (engine.referrals.service_choice)."""
		if not (
			self.is_new() or self.has_value_changed("service") or self.has_value_changed("service_provider")
		):
			return
		offered = frappe.get_all(
			"Service Provider Service",
			filters={"parent": self.service_provider, "parenttype": "Service Provider"},
			pluck="service",
			order_by="idx",
		)
		chosen, problem = service_choice(self.service, offered)
		provider = frappe.bold(frappe.utils.escape_html(self.service_provider or ""))
		if problem == "none_offered":
			frappe.throw(
				_(
					"{0} lists no services. Leave the service empty, or ask an administrator to add it."
				).format(provider),
				title=_("Not a service of this provider"),
			)
		if problem == "not_offered":
			frappe.throw(
				_("{0} does not offer {1}. Choose one of its services.").format(
					provider, frappe.bold(frappe.utils.escape_html(self.service))
				),
				title=_("Not a service of this provider"),
			)
		self.service = chosen

	def validate_transition(self):
		before = self.get_doc_before_save()
		if before and not can_move(before.status, self.status):
			frappe.throw(
				_("A referral cannot go from {0} to {1}.").format(_(before.status), _(self.status)),
				title=_("Not a referral step"),
			)

	def validate_status_details(self):
		if self.status == "Declined" and not (self.decline_reason or "").strip():
			frappe.throw(_("Give the reason the referral was declined."))
		if self.status == "Completed" and not (self.outcome or "").strip():
			frappe.throw(_("Record the outcome of the referral."))

	def stamp_dates(self):
		if self.status == "Sent" and not self.sent_on:
			self.sent_on = today()
		if self.status == "Completed" and not self.completed_on:
			self.completed_on = today()
		elif self.status != "Completed":
			self.completed_on = None

	def add_tracking_todo(self):
		caseworker = frappe.db.get_value("Case", self.case, "caseworker")
		if not caseworker:
			return
		assign_to.add(
			{
				"assign_to": [caseworker],
				"doctype": self.doctype,
				"name": self.name,
				"description": _("Follow up the referral of {0} to {1}").format(
					self.client_name, self.service_provider
				),
				"date": self.due_date,
			},
			ignore_permissions=True,  # the caseworker of the case; the creator may be a supervisor
		)
