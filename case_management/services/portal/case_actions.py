"""The case page's writes (notes: notes.py): visits, household members, referrals, goals, the checklist,
the referral decision and workflow moves."""

import math

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions
from frappe.utils import cint, flt, getdate, today

from case_management.engine.case_workflow import CLOSED
from case_management.services import discharge
from case_management.services.household import summarize
from case_management.services.portal.common import (
	INCOME_FIELDS,
	URGENCIES,
	VISIT_OUTCOMES,
	atomic,
	bad_input,
	case_for,
	field_options,
	parse_json,
)
from case_management.services.referrals import not_emailed_notice


def log_visit(
	case: str,
	outcome: str,
	visit: str | None = None,
	notes: str | None = None,
	mode: str | None = None,
	present: str | None = None,
) -> dict:
	"""Record the open visit (or `visit`) as Completed or Missed, with who was present; with no
	open visit, record one held today. The follow-up schedule then plans the next visit."""
	doc = case_for(case, "write")
	if outcome not in VISIT_OUTCOMES:
		bad_input(_("A visit is logged as completed or missed."))
	if visit:
		row = frappe.db.get_value("Follow-up Visit", visit, ["name", "case", "status"], as_dict=True)
		if not row or row.case != doc.name:
			frappe.throw(_("That visit is not one of this case's visits."), frappe.PermissionError)
		if row.status != "Scheduled":
			bad_input(_("That visit is already {0}.").format(_(row.status)))
	else:
		visit = frappe.db.get_value(
			"Follow-up Visit", {"case": doc.name, "status": "Scheduled"}, "name", order_by="due_date asc"
		)
	with atomic("portal_log_visit"):
		if visit:
			visit_doc = frappe.get_doc("Follow-up Visit", visit)
		else:
			visit_doc = frappe.get_doc({"doctype": "Follow-up Visit", "case": doc.name, "due_date": today()})
		visit_doc.status = outcome
		if mode:
			visit_doc.mode = mode
		if (notes or "").strip():
			visit_doc.notes = notes.strip()
		if (present or "").strip():
			visit_doc.present = present.strip()
		if visit_doc.is_new():
			visit_doc.insert()
		else:
			visit_doc.save()
		from case_management.jobs.follow_up import schedule

		schedule([doc.name], getdate(today()))
	return {
		"visit": visit_doc.name,
		"status": visit_doc.status,
		"next_visit": frappe.db.get_value("Case", doc.name, "next_follow_up_date"),
	}


def save_household_member(
	case: str,
	first_name: str,
	relationship: str,
	last_name: str | None = None,
	date_of_birth: str | None = None,
	member: str | None = None,
	income: list | str | None = None,
) -> dict:
	"""Add or edit a member of the case's client's household with their income rows; returns
	the household's new totals."""
	doc = case_for(case, "write")
	income = parse_json(income, _("income rows")) or []
	if not isinstance(income, list) or not all(isinstance(r, dict) for r in income):
		bad_input(_("The income rows could not be read."))
	rows = []
	for i, row in enumerate(income, start=1):
		if not any(str(row.get(k) or "").strip() for k in ("source", "amount")):
			continue  # an empty row left in the form
		raw = str(row.get("amount") or "").replace(",", "").strip()
		try:
			amount = float(raw)
			if not math.isfinite(amount):
				raise ValueError(raw)
		except ValueError:
			bad_input(_("Income row {0}: enter the amount as a number.").format(i))
		values = {k: row.get(k) for k in INCOME_FIELDS if row.get(k) not in (None, "")}
		rows.append({**values, "amount": flt(amount, 2)})
	if date_of_birth:
		try:
			date_of_birth = getdate(date_of_birth)
		except Exception:
			bad_input(_("{0} is not a date.").format(frappe.utils.escape_html(date_of_birth)))
	with atomic("portal_household_member"):
		if member:
			owner = frappe.db.get_value("Household Member", member, "client")
			if owner != doc.client:
				frappe.throw(_("That person is not in this case's household."), frappe.PermissionError)
			row = frappe.get_doc("Household Member", member)
			row.check_permission("write")
		else:
			row = frappe.new_doc("Household Member")
			row.client = doc.client
		row.update(
			{
				"first_name": first_name,
				"last_name": last_name,
				"relationship": relationship,
				"date_of_birth": date_of_birth or None,
			}
		)
		row.set("income", rows)
		row.save()
	household = summarize(doc.client)
	return {
		"member": row.name,
		"size": household["size"],
		"monthly_income": household["monthly_income"],
		"annual_income": household["annual_income"],
		"poverty_guideline_percent": household["poverty_guideline_percent"],
	}


def create_referral(
	case: str,
	service_provider: str,
	reason: str,
	service: str | None = None,
	urgency: str | None = None,
	due_date: str | None = None,
	send: bool = True,
) -> dict:
	doc = case_for(case, "write")
	if not (reason or "").strip():
		bad_input(_("Say why the client is referred."))
	if urgency and urgency not in URGENCIES:
		bad_input(_("{0} is not an urgency.").format(frappe.utils.escape_html(urgency)))
	if not service_provider or not frappe.db.get_value("Service Provider", service_provider, "is_active"):
		bad_input(_("Choose an active service provider."))
	if due_date:
		try:
			due_date = getdate(due_date)
		except Exception:
			bad_input(_("{0} is not a date.").format(frappe.utils.escape_html(due_date)))
	with atomic("portal_referral"):
		referral = frappe.get_doc(
			{
				"doctype": "Referral",
				"case": doc.name,
				"service_provider": service_provider,
				"service": (service or "").strip() or None,
				"reason": reason.strip(),
				"urgency": urgency or "Routine",
				"due_date": due_date,
				"status": "Sent" if cint(send) else "Draft",
			}
		).insert()
	result = {"name": referral.name, "status": referral.status}
	if referral.get("partner_email_waiting"):
		result["notice"] = not_emailed_notice(service_provider)
	return result


def save_goal(
	case: str,
	goal: str | None = None,
	measure: str | None = None,
	target_date: str | None = None,
	status: str | None = None,
	progress_notes: str | None = None,
	row: str | None = None,
	in_my_words: str | None = None,
	responsible: str | None = None,
) -> dict:
	"""Add a goal to the case's service plan, or (with `row`) update one: its wording, how
	it is measured, the target date, its status, the progress so far, the client's own words
	and who does what."""
	doc = case_for(case, "write")
	if row:
		found = next((g for g in doc.goals if g.name == row), None)
		if not found:
			bad_input(_("That goal is not on this case's service plan."))
	else:
		found = doc.append("goals", {"status": "Not Started"})
	text = (goal if goal is not None else found.goal or "").strip()
	if not text:
		bad_input(_("Say what the goal is."))
	if status and status not in field_options("Case Goal", "status"):
		bad_input(_("{0} is not a goal status.").format(frappe.utils.escape_html(status)))
	if target_date:
		try:
			target_date = getdate(target_date)
		except Exception:
			bad_input(_("{0} is not a date.").format(frappe.utils.escape_html(target_date)))
	found.goal = text
	if measure is not None:
		found.measure = measure.strip() or None
	if target_date is not None:
		found.target_date = target_date or None
	if status:
		found.status = status
	if progress_notes is not None:
		found.progress_notes = progress_notes.strip() or None
	if in_my_words is not None:
		found.in_my_words = in_my_words.strip() or None
	if responsible is not None:
		if len(responsible) > 140:
			bad_input(_("Who does what: write at most 140 characters."))
		found.responsible = " ".join(responsible.split()) or None
	doc.save(
		ignore_version=False
	)  # the plan's earlier wording is kept, even where Frappe would skip it (tests)
	return {"row": found.name, "goal": found.goal, "status": found.status}


def set_checklist_item(case: str, item: str, completed: bool) -> dict:
	"""Tick (or untick) one item of the case's intake checklist; returns the new progress."""
	doc = case_for(case, "write")
	row = next((r for r in doc.checklist if r.name == item), None)
	if not row:
		bad_input(_("That item is not on this case's checklist."))
	row.completed = int(bool(completed))
	doc.save()
	return {"item": row.name, "completed": row.completed, "checklist_progress": doc.checklist_progress}


def set_no_referral_needed(case: str, no_referral_needed: bool, reason: str | None = None) -> dict:
	"""Record that the case needs no referral, and why, or take that back. Before a case can
	become Active the workflow asks for a referral or for this, with its reason."""
	doc = case_for(case, "write")
	reason = (reason or "").strip()
	if no_referral_needed and not reason:
		bad_input(_("Give the reason no referral is needed."))
	if no_referral_needed and doc.facts().referral_count:
		bad_input(_("This case has a referral under way, so it cannot also need none."))
	doc.no_referral_needed = int(bool(no_referral_needed))
	doc.no_referral_reason = reason if no_referral_needed else None
	doc.save()
	return {
		"no_referral_needed": doc.no_referral_needed,
		"no_referral_reason": doc.no_referral_reason,
		"actions": [t.action for t in get_transitions(doc)],
	}


def move_case(
	case: str,
	action: str,
	closure_reason: str | None = None,
	closure_notes: str | None = None,
	approve_summary: bool = False,
) -> dict:
	"""Take a workflow action the user may take on the case now. Closing records the reason
	first, in the same all-or-nothing step. Closing a case that has no discharge summary drafts
	one (and closes nothing yet: the caseworker checks it); a supervisor who did not write the
	draft approves it in the closing step (`approve_summary`)."""
	doc = case_for(case, "write")
	allowed = [t.action for t in get_transitions(doc)]
	if action not in allowed:
		bad_input(
			_("{0} is not an action you can take on this case now.").format(frappe.utils.escape_html(action))
		)
	reasons = field_options("Case", "closure_reason")
	if closure_reason and closure_reason not in reasons:
		bad_input(_("{0} is not a closure reason.").format(frappe.utils.escape_html(closure_reason)))
	next_state = next((t.next_state for t in get_transitions(doc) if t.action == action), None)
	with atomic("portal_move_case"):
		if closure_reason or (closure_notes or "").strip():
			doc.closure_reason = closure_reason or doc.closure_reason
			doc.closure_notes = (closure_notes or "").strip() or doc.closure_notes
			doc.save()
		if next_state == CLOSED:
			summary = discharge.current_summary(doc.name)
			if not summary:
				if not (doc.closure_reason or "").strip():
					bad_input(_("Choose a closure reason."))
				name = discharge.draft_for(doc)
				return {
					"workflow_state": doc.workflow_state,
					"actions": [t.action for t in get_transitions(doc)],
					"discharge_summary": name,
					"message": _(
						"A discharge summary was drafted from the case. The caseworker checks it; then a supervisor who did not write it approves it as they close the case."
					),
				}
			if approve_summary and summary.status == "Draft":
				discharge.approve(frappe.get_doc("Discharge Summary", summary.name), doc)
		doc = apply_workflow(doc, action)
	return {
		"workflow_state": doc.workflow_state,
		"actions": [t.action for t in get_transitions(doc)],
		"message": _("The case is now {0}.").format(_(doc.workflow_state)),
	}
