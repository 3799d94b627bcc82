"""The caseworker portal (/caseload): typed, permission-checked methods.

Each method refuses anyone who is not case staff, then checks the case (or record) it is
about; the work is done in services/portal.py. Safety alerts use api.safety.send_safety_alert,
starting a case for a client found at intake api.intake.start_case.
"""

import frappe

from case_management.services import portal


@frappe.whitelist(methods=["GET"])
def get_caseload(
	state: str | None = None, risk: str | None = None, overdue: bool = False, q: str | None = None
) -> dict:
	"""The user's cases, filtered, with overdue markers, most urgent first."""
	portal.require_staff()
	return portal.caseload(frappe.session.user, state, risk, overdue, q)


@frappe.whitelist(methods=["GET"])
def get_case(case: str) -> dict:
	"""Everything the case page shows."""
	portal.require_staff()
	return portal.case_page(case)


@frappe.whitelist(methods=["POST"])
def add_note(
	case: str,
	subject: str,
	note: str | None = None,
	note_type: str | None = None,
	restricted: bool = False,
	template: str | None = None,
	sections: list | str | None = None,
	visit: str | None = None,
) -> dict:
	"""Write a note: free text, or from a template with one text per section ([{heading,
	content}]); about a visit, it takes the visit's date."""
	portal.require_staff()
	return portal.add_note(case, subject, note, note_type, restricted, template, sections, visit)


@frappe.whitelist(methods=["POST"])
def log_visit(
	case: str,
	outcome: str,
	visit: str | None = None,
	notes: str | None = None,
	mode: str | None = None,
	present: str | None = None,
) -> dict:
	"""Record a visit as Completed or Missed, with how it was held and who was present."""
	portal.require_staff()
	return portal.log_visit(case, outcome, visit, notes, mode, present)


@frappe.whitelist(methods=["POST"])
def edit_note(
	note: str,
	subject: str,
	text: str | None = None,
	note_type: str | None = None,
	sections: list | str | None = None,
) -> dict:
	"""Change the wording of a note you wrote (a note from a template: its sections); the
	earlier wording stays in its history."""
	portal.require_staff()
	return portal.edit_note(note, subject, text, note_type, sections)


@frappe.whitelist(methods=["POST"])
def book_visit(case: str, scheduled_time: str, mode: str | None = None, visit: str | None = None) -> dict:
	"""Book the case's visit at a time agreed with the client, or move a scheduled visit."""
	portal.require_staff()
	return portal.book_visit(case, scheduled_time, mode, visit)


@frappe.whitelist(methods=["POST"])
def offer_times(
	case: str,
	visit: str,
	time_1: str | None = None,
	time_2: str | None = None,
	time_3: str | None = None,
) -> dict:
	"""Offer the client up to three times to choose from if they ask to move the visit."""
	portal.require_staff()
	return portal.offer_times(case, visit, [time_1, time_2, time_3])


@frappe.whitelist(methods=["POST"])
def save_client_contact(
	case: str,
	address_line1: str | None = None,
	address_line2: str | None = None,
	city: str | None = None,
	state: str | None = None,
	postal_code: str | None = None,
	phone: str | None = None,
	alternate_phone: str | None = None,
	email: str | None = None,
	ok_to_email: bool | None = None,
	ok_to_sms: bool | None = None,
	safe_to_text: bool | None = None,
	language: str | None = None,
	emergency_contacts: list | str | None = None,
) -> dict:
	"""Edit the case's client's address, phones, email, consent, language and emergency
	contacts. A value not sent stays as it is."""
	portal.require_staff()
	values = {
		"address_line1": address_line1,
		"address_line2": address_line2,
		"city": city,
		"state": state,
		"postal_code": postal_code,
		"phone": phone,
		"alternate_phone": alternate_phone,
		"email": email,
		"ok_to_email": ok_to_email,
		"ok_to_sms": ok_to_sms,
		"safe_to_text": safe_to_text,
		"language": language,
	}
	return portal.save_client_contact(case, values, emergency_contacts)


@frappe.whitelist(methods=["POST"])
def save_household_member(
	case: str,
	first_name: str,
	relationship: str,
	last_name: str | None = None,
	date_of_birth: str | None = None,
	member: str | None = None,
	income: list | str | None = None,
) -> dict:
	"""Add or edit a household member and their income rows; returns the new totals."""
	portal.require_staff()
	return portal.save_household_member(
		case, first_name, relationship, last_name, date_of_birth, member, income
	)


@frappe.whitelist(methods=["POST"])
def create_referral(
	case: str,
	service_provider: str,
	reason: str,
	service: str | None = None,
	urgency: str | None = None,
	due_date: str | None = None,
	send: bool = True,
) -> dict:
	portal.require_staff()
	return portal.create_referral(case, service_provider, reason, service, urgency, due_date, send)


@frappe.whitelist(methods=["POST"])
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
	"""Add a service plan goal to the case, or update one (`row`): wording, measure, target
	date, status, progress, the client's own words, who does what."""
	portal.require_staff()
	return portal.save_goal(
		case, goal, measure, target_date, status, progress_notes, row, in_my_words, responsible
	)


@frappe.whitelist(methods=["POST"])
def start_assessment(case: str) -> dict:
	"""Continue the case's draft assessment or start a new one; returns its questions."""
	portal.require_staff()
	return portal.start_assessment(case)


@frappe.whitelist(methods=["POST"])
def save_assessment(assessment: str, answers: dict | str, submit: bool = False) -> dict:
	portal.require_staff()
	return portal.save_assessment(assessment, answers, submit)


@frappe.whitelist(methods=["POST"])
def set_checklist_item(case: str, item: str, completed: bool) -> dict:
	"""Tick or untick one intake checklist item."""
	portal.require_staff()
	return portal.set_checklist_item(case, item, completed)


@frappe.whitelist(methods=["POST"])
def set_no_referral_needed(case: str, no_referral_needed: bool, reason: str | None = None) -> dict:
	"""Record that the case needs no referral, with the reason, or take it back."""
	portal.require_staff()
	return portal.set_no_referral_needed(case, no_referral_needed, reason)


@frappe.whitelist(methods=["POST"])
def move_case(
	case: str,
	action: str,
	closure_reason: str | None = None,
	closure_notes: str | None = None,
	approve_summary: bool = False,
) -> dict:
	"""Apply a workflow action (Start Assessment, Activate, Put On Hold, Close with its reason...).
	Closing drafts the discharge summary when there is none; `approve_summary` approves the
	draft in the closing step (a supervisor who did not write it)."""
	portal.require_staff()
	return portal.move_case(case, action, closure_reason, closure_notes, bool(approve_summary))


@frappe.whitelist(methods=["POST"])
def register_client(
	first_name: str,
	last_name: str,
	date_of_birth: str | None = None,
	phone: str | None = None,
	email: str | None = None,
	gender: str | None = None,
	ok_to_sms: bool = False,
	safe_to_text: bool = False,
	ok_to_email: bool = False,
	confirmed_new: bool = False,
	address_line1: str | None = None,
	address_line2: str | None = None,
	city: str | None = None,
	state: str | None = None,
	postal_code: str | None = None,
	language: str | None = None,
	emergency_contact_name: str | None = None,
	emergency_contact_phone: str | None = None,
	emergency_contact_relationship: str | None = None,
) -> dict:
	"""Register a new client (with their address, language and an emergency contact) and
	start their case."""
	portal.require_staff()
	contact = {
		"full_name": emergency_contact_name,
		"phone": emergency_contact_phone,
		"relationship": emergency_contact_relationship,
	}
	values = {
		"address_line1": (address_line1 or "").strip() or None,
		"address_line2": (address_line2 or "").strip() or None,
		"city": (city or "").strip() or None,
		"state": (state or "").strip() or None,
		"postal_code": (postal_code or "").strip() or None,
		"language": language or None,
		"first_name": first_name,
		"last_name": last_name,
		"date_of_birth": date_of_birth or None,
		"phone": phone or None,
		"email": email or None,
		"gender": gender or None,
		"ok_to_sms": int(bool(ok_to_sms)),
		"safe_to_text": int(bool(safe_to_text)),
		"ok_to_email": int(bool(ok_to_email)),
	}
	return portal.register_client(values, confirmed_new, contact)
