"""The case page (/caseload/CASE-...): everything it shows, read in few queries."""

import re

import frappe
from frappe import _
from frappe.model.workflow import get_transitions
from frappe.utils import get_datetime, getdate, now_datetime, today

from case_management.engine import referrals as referral_rules
from case_management.engine.case_workflow import CLOSED, blockers_for_state, step_effects
from case_management.engine.follow_up import calendar_status
from case_management.engine.phones import display_phone
from case_management.services.household import load_members, summarize
from case_management.services.portal.common import (
	INCOME_FIELDS,
	case_for,
)
from case_management.services.portal.notes import edited_notes, note_sections
from case_management.utils import phone_region

CLIENT_FIELDS = [
	"name",
	"full_name",
	"preferred_name",
	"date_of_birth",
	"gender",
	"language",
	"phone",
	"alternate_phone",
	"email",
	"address_line1",
	"address_line2",
	"city",
	"state",
	"postal_code",
	"ok_to_email",
	"ok_to_sms",
	"safe_to_text",
	"consent_notes",
	"status",
]


def plain_text(html: str | None) -> str:
	"""A note's text without its markup, keeping its line breaks."""
	text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", html or "")
	return frappe.utils.strip_html(text).strip()


def case_page(case: str) -> dict:
	"""Everything the case page shows, for a case the user may read."""
	doc = case_for(case, "read")
	client = frappe.db.get_value("Client", doc.client, CLIENT_FIELDS, as_dict=True)
	client.emergency_contacts = frappe.get_all(
		"Client Emergency Contact",
		filters={"parent": doc.client, "parenttype": "Client"},
		fields=["name", "full_name", "relationship", "phone", "receives_safety_alerts", "sms_opted_out"],
		order_by="idx",
	)
	region = phone_region()
	client.phone_display = display_phone(client.phone, region)
	for contact in client.emergency_contacts:
		contact.phone_display = display_phone(contact.phone, region)
	if client.get("language"):
		client.language_name = (
			frappe.db.get_value("Language", client.language, "language_name") or client.language
		)
	members = load_members(doc.client)
	household = summarize(doc.client, members=members)
	loaded = {m.name: m for m in members}
	for member in household["members"]:
		row = loaded[member["name"]]
		member["first_name"] = row.first_name
		member["last_name"] = row.last_name
		member["income"] = [{k: i.get(k) for k in INCOME_FIELDS if k in i} for i in row.income]

	assessment = None
	if doc.last_assessment:
		assessment = frappe.db.get_value(
			"Vulnerability Assessment",
			doc.last_assessment,
			["name", "assessment_date", "instrument", "total_score", "band", "risk_level", "explanation"],
			as_dict=True,
		)
		if assessment:
			assessment.domains = frappe.get_all(
				"Assessment Domain Score",
				filters={"parent": assessment.name, "parenttype": "Vulnerability Assessment"},
				fields=["domain", "points", "max_points"],
				order_by="idx",
			)
	draft = frappe.get_all(
		"Vulnerability Assessment",
		filters={"case": doc.name, "docstatus": 0},
		fields=["name", "instrument", "assessment_date"],
		order_by="creation desc",
		limit=1,
	)

	notes = frappe.get_list(
		"Case Note",
		filters={"case": doc.name},
		fields=["name", "note_date", "note_type", "subject", "note", "is_restricted", "owner"],
		order_by="note_date desc",
		limit_page_length=30,
	)
	minutes = frappe.utils.get_user_date_format().replace("mm", "MM") + " HH:mm"  # no seconds
	edited = edited_notes([n.name for n in notes])
	sections = note_sections([n.name for n in notes])
	for note in notes:
		note["sections"] = sections.get(note.name, [])
		note["when"] = frappe.utils.format_datetime(note.note_date, minutes)
		note["text"] = plain_text(note.pop("note"))
		note["mine"] = note.owner == frappe.session.user  # only the author edits a note
		note["edited"] = note.name in edited
		note["author"] = frappe.utils.get_fullname(note.pop("owner"))

	can_write = doc.has_permission("write")
	transitions = get_transitions(doc) if can_write else []
	referrals = frappe.get_list(
		"Referral",
		filters={"case": doc.name},
		fields=[
			"name",
			"service_provider",
			"service",
			"urgency",
			"status",
			"due_date",
			"referral_date",
			"partner_email_waiting",
		],
		order_by="creation desc",
		limit_page_length=50,
	)
	return {
		"case": frappe._dict(
			name=doc.name,
			client=doc.client,
			client_name=doc.client_name,
			workflow_state=doc.workflow_state,
			caseworker=doc.caseworker,
			caseworker_name=frappe.utils.get_fullname(doc.caseworker) if doc.caseworker else None,
			intake_date=doc.intake_date,
			risk_level=doc.risk_level,
			vulnerability_score=doc.vulnerability_score,
			score_band=doc.score_band,
			next_follow_up_date=doc.next_follow_up_date,
			next_reassessment_date=doc.next_reassessment_date,
			checklist_progress=doc.checklist_progress,
			no_referral_needed=doc.no_referral_needed,
			no_referral_reason=doc.no_referral_reason,
			client_page_expires=doc.client_page_expires if doc.client_page_hash else None,
			client_page_sent_on=doc.client_page_sent_on,
			client_page_channel=doc.client_page_channel,
		),
		"client": client,
		"household": household,
		"assessment": assessment,
		"draft_assessment": draft[0] if draft else None,
		"checklist": [
			{
				"name": r.name,
				"item": r.item,
				"is_required": r.is_required,
				"completed": r.completed,
				"description": r.description,
			}
			for r in doc.checklist
		],
		"goals": [
			{
				"name": g.name,
				"goal": g.goal,
				"measure": g.measure,
				"target_date": g.target_date,
				"status": g.status,
				"progress_notes": g.progress_notes,
				"in_my_words": g.in_my_words,
				"responsible": g.responsible,
			}
			for g in doc.goals
		],
		"referrals": referrals,
		# "no referral needed" is offered only while no referral is under way
		"referral_under_way": referral_rules.under_way(r.status for r in referrals),
		"visits": visits_of(doc.name),
		"notes": notes,
		"alerts": frappe.get_list(
			"Safety Alert",
			filters={"case": doc.name},
			fields=["name", "raised_on", "trigger", "status"],
			order_by="raised_on desc",
			limit_page_length=5,
		),
		"actions": [t.action for t in transitions],
		"steps": workflow_steps(doc, transitions),
		"can_write": can_write,
	}


def visits_of(case: str) -> list[dict]:
	"""The case's visits, each marked overdue the way the caseload marks it."""
	visits = frappe.get_list(
		"Follow-up Visit",
		filters={"case": case},
		fields=[
			"name",
			"due_date",
			"scheduled_time",
			"mode",
			"status",
			"completed_on",
			"notes",
			"present",
			"client_response",
			"client_response_at",
			"client_chosen_time",
			"client_preferred_time",
			"offered_time_1",
			"offered_time_2",
			"offered_time_3",
			"client_link_expires",
		],
		order_by="due_date desc",
		limit_page_length=20,
	)
	now = getdate(today())
	moment = now_datetime()
	for visit in visits:
		visit["overdue"] = calendar_status(visit.status, visit.due_date, now) == "Overdue"
		expires = visit.pop("client_link_expires")
		# a link the client could still use: the visit card offers to revoke it
		visit["link_live"] = bool(visit.status == "Scheduled" and expires and get_datetime(expires) > moment)
	return visits


def effect_sentence(code: str, doc, state: str) -> str:
	caseworker = frappe.utils.get_fullname(doc.caseworker) if doc.caseworker else _("the caseworker")
	return {
		"visits_start": _("Follow-up visits start: the first is planned by the case's risk level."),
		"visits_continue": _("Follow-up visits go on as scheduled."),
		"visits_stop": _(
			"No new follow-up visit is planned while the case is {0}; an open visit stays as it is."
		).format(_(state)),
		"caseworker_notified": _("{0}, the caseworker, is notified.").format(caseworker),
		"closure_recorded": _("The closure date and reason are recorded."),
		"closure_cleared": _("The earlier closure date and reason are cleared."),
		"nobody_notified": _("Nobody is notified and nothing new becomes due."),
	}.get(code, code)


def workflow_steps(doc, transitions) -> list[dict]:
	"""The workflow steps the user may take now, each named as a step (where it takes the
	case), with what it changes and what is still missing for it, for the confirmation the
	page asks before a move."""
	from case_management.case_management.doctype.case.case import describe

	facts = doc.facts()
	mover_is_caseworker = doc.caseworker == frappe.session.user
	steps, seen = [], set()
	for t in transitions:
		if t.action in seen:
			continue
		seen.add(t.action)
		state = t.next_state
		if state == CLOSED:
			label, confirm = _("Step: close the case"), _("Yes, close the case")
		else:
			label = _("Step: move the case to {0}").format(_(state))
			confirm = _("Yes, move the case to {0}").format(_(state))
		blockers = [] if state == CLOSED else blockers_for_state(state, facts)  # closing asks its reason here
		steps.append(
			{
				"action": t.action,
				"next_state": state,
				"label": label,
				"confirm": confirm,
				"effects": [
					effect_sentence(code, doc, state)
					for code in step_effects(doc.workflow_state, state, mover_is_caseworker)
				],
				"missing": [frappe.utils.strip_html(describe(m)) for m in blockers],
			}
		)
	return steps
