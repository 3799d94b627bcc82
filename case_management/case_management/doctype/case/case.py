# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from case_management.engine import referrals as referral_rules
from case_management.engine.case_workflow import (
	ACTIVE,
	CLOSED,
	CaseFacts,
	Missing,
	blockers_for_state,
	checklist_progress,
	second_case_problem,
)
from case_management.services import discharge
from case_management.services.intake import assign_intake, can_auto_assign, team_of

STAFF_ROLES = ("Caseworker", "Case Supervisor")
# Referrals in these states do not count as "a referral was made" for activation: a draft
# was never sent, and a cancelled or declined one connects the client to nothing.


class Case(Document):
	def before_insert(self):
		self.copy_checklist_from_template()

	def validate(self):
		self.validate_client()
		self.validate_caseworker()
		self.set_team()
		self.update_checklist()
		self.validate_state_prerequisites()
		self.stamp_state_dates()

	def after_insert(self):
		assign_intake(self)

	def on_update(self):
		before = self.get_doc_before_save()
		if self.workflow_state == ACTIVE and before and before.workflow_state != ACTIVE:
			self.on_activation()
		if self.workflow_state == CLOSED and before and before.workflow_state != CLOSED:
			# the summary this case closed with stays as it is; a later closure gets a new one
			discharge.mark_closed(self)

	def on_activation(self):
		"""Schedule the first follow-up and tell the caseworker the case is active."""
		from case_management.jobs.follow_up import schedule

		schedule([self.name], getdate(today()))
		if self.caseworker and self.caseworker != frappe.session.user:
			enqueue_create_notification(
				self.caseworker,
				{
					"type": "Alert",
					"document_type": self.doctype,
					"document_name": self.name,
					"subject": _("Case {0} for {1} is now Active").format(self.name, self.client_name),
					"from_user": frappe.session.user,
				},
			)

	# --- intake ---------------------------------------------------------------------------

	def copy_checklist_from_template(self):
		if self.checklist:
			return
		template = self.checklist_template or frappe.db.get_value(
			"Intake Checklist Template", {"is_default": 1, "disabled": 0}
		)
		if not template:
			return
		if frappe.db.get_value("Intake Checklist Template", template, "disabled"):
			frappe.throw(
				_("Checklist template {0} is disabled.").format(
					frappe.bold(frappe.utils.escape_html(template))
				)
			)
		self.checklist_template = template
		items = frappe.get_all(
			"Intake Checklist Template Item",
			filters={"parent": template, "parenttype": "Intake Checklist Template"},
			fields=["item", "is_required", "description"],
			order_by="idx",
		)
		for row in items:
			self.append("checklist", row)

	def validate_client(self):
		if not self.client or not frappe.db.exists("Client", self.client):
			frappe.throw(
				_("Client {0} does not exist.").format(
					frappe.bold(frappe.utils.escape_html(self.client or ""))
				),
				frappe.LinkValidationError,
				title=_("Unknown client"),
			)
		if not self.is_new():
			return
		if frappe.db.get_value("Client", self.client, "status") == "Deceased":
			frappe.throw(_("A case cannot be started for a client recorded as deceased."))
		# A returning client found at intake may belong to another caseworker's caseload;
		# the intake API checks that lookup. Any other way in needs read access to the client.
		if not self.flags.via_intake and not frappe.has_permission("Client", "read", self.client):
			frappe.throw(
				_(
					"You cannot start a case for a client you cannot see. Use Start case from the intake search."
				),
				frappe.PermissionError,
			)
		# After the access check: whether a client has an open case is told only to those who
		# may look the client up (intake's search shows it too).
		self.validate_one_open_case()

	def validate_one_open_case(self):
		"""One open case per client per agency, unless a supervisor says why (the reason is kept)."""
		open_cases = frappe.db.count("Case", {"client": self.client, "workflow_state": ("!=", CLOSED)})
		self.second_case_reason = (self.second_case_reason or "").strip() or None
		problem = second_case_problem(open_cases, frappe.get_roles(), self.second_case_reason)
		if problem == "open case":
			frappe.throw(
				_(
					"This client already has an open case. Open that case instead; a supervisor can start a second one, with the reason."
				),
				title=_("Already an open case"),
			)
		if problem == "reason":
			frappe.throw(
				_("This client already has an open case. Say why a second open case is needed."),
				title=_("A reason is needed"),
			)
		if not open_cases:
			self.second_case_reason = None

	def validate_caseworker(self):
		if not self.caseworker:
			if self.is_new() and not can_auto_assign():
				frappe.throw(
					_(
						"Choose a caseworker: the Case Intake Assessment assignment rule is disabled or has no caseworkers."
					),
					title=_("No caseworker"),
				)
			return
		if not self.has_value_changed("caseworker"):
			return
		who = frappe.bold(frappe.utils.escape_html(self.caseworker))
		if not frappe.db.get_value("User", self.caseworker, "enabled"):
			frappe.throw(_("{0} is not an active user.").format(who))
		# Administrator has every role but is the system, not a person who can carry a case.
		if self.caseworker in frappe.STANDARD_USERS or not set(STAFF_ROLES).intersection(
			frappe.get_roles(self.caseworker)
		):
			frappe.throw(
				_("{0} cannot carry cases: give them the Caseworker or Case Supervisor role first.").format(
					who
				)
			)

	def set_team(self):
		if self.caseworker and (not self.team or self.has_value_changed("caseworker")):
			self.team = team_of(self.caseworker) or self.team

	def update_checklist(self):
		user, now = frappe.session.user, now_datetime()
		for row in self.checklist:
			if row.completed and not row.completed_on:
				row.completed_by, row.completed_on = user, now
			elif not row.completed:
				row.completed_by = row.completed_on = None
		self.checklist_progress = checklist_progress(self.checklist_rows())

	def checklist_rows(self) -> list[dict]:
		return [
			{"item": r.item, "is_required": r.is_required, "completed": r.completed} for r in self.checklist
		]

	# --- workflow -------------------------------------------------------------------------

	def entering_state(self) -> str | None:
		"""The workflow state this save moves the case into, if it changes."""
		if self.is_new() or self.has_value_changed("workflow_state"):
			return self.workflow_state
		return None

	def validate_state_prerequisites(self):
		state = self.entering_state()
		if not state:
			return
		missing = blockers_for_state(state, self.facts())
		if missing:
			items = "".join(f"<li>{describe(m)}</li>" for m in missing)
			frappe.throw(
				_("This case cannot move to {0} yet:").format(frappe.bold(_(state))) + f"<ul>{items}</ul>",
				title=_("Not ready for {0}").format(_(state)),
			)

	def facts(self) -> CaseFacts:
		referrals = 0
		if not self.is_new():
			referrals = frappe.db.count(
				"Referral", {"case": self.name, "status": ("not in", referral_rules.INACTIVE)}
			)
		return CaseFacts(
			checklist=tuple(self.checklist_rows()),
			has_assessment=bool(self.last_assessment_date),
			referral_count=referrals,
			no_referral_needed=bool(self.no_referral_needed),
			no_referral_reason=self.no_referral_reason or "",
			closure_reason=self.closure_reason or "",
			discharge_summary=self.discharge_summary_status(),
		)

	def discharge_summary_status(self) -> str:
		"""The status of the summary for this case's coming closure ("" when none is drafted)."""
		if self.is_new():
			return ""
		current = discharge.current_summary(self.name)
		return current.status if current else ""

	def stamp_state_dates(self):
		state = self.entering_state()
		if not state:
			return
		if state == ACTIVE and not self.activation_date:
			self.activation_date = today()
		elif state == CLOSED:
			self.closure_date = today()
		before = self.get_doc_before_save()
		if before and before.workflow_state == CLOSED and state != CLOSED:
			# Reopened: the next closure needs its own date and reason.
			self.closure_date = self.closure_reason = None


def describe(missing: Missing) -> str:
	"""The user-facing sentence for one unmet prerequisite."""
	if missing.code == "checklist_incomplete":
		items = ", ".join(frappe.bold(frappe.utils.escape_html(_(i))) for i in missing.items)
		return _("Complete the required checklist items: {0}").format(items)
	messages = {
		"no_assessment": _("Complete the intake assessment (record the assessment date)"),
		"no_referral": _("Send a referral, or tick No referral needed and give the reason"),
		"no_referral_reason": _("Give the reason no referral is needed"),
		"no_closure_reason": _("Choose a closure reason"),
		"no_discharge_summary": _(
			"Draft the discharge summary (Step: close the case drafts it), have the caseworker check it, and approve it"
		),
		"discharge_summary_not_approved": _(
			"Approve the discharge summary (a supervisor who did not write it), or approve it in this step"
		),
	}
	return messages.get(missing.code, missing.code)
