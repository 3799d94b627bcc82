"""The caseworker portal's reads and writes: loads rows in few queries, hands the rules to the
engine and the existing services, and keeps every write all-or-nothing.

Every function here expects its caller (api/portal.py or the www pages) to have checked that
the user is staff; each one checks the record it touches itself.
"""

import json
import math
import os
import re
from contextlib import contextmanager
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions
from frappe.utils import cint, flt, getdate, now_datetime, today

from case_management.engine import caseload as rules
from case_management.engine import referrals as referral_rules
from case_management.engine.scoring import RISK_LEVELS
from case_management.permissions import case_query
from case_management.services.duplicates import likely_duplicates_of
from case_management.services.household import load_members, summarize
from case_management.services.scoring import published_instrument

STAFF_ROLES = {"Caseworker", "Case Supervisor", "Case Management Admin"}
CASELOAD_LIMIT = 500
VISIT_OUTCOMES = ("Completed", "Missed")
NOTE_TYPES = ("Contact", "Home visit", "Phone call", "Collateral contact", "Supervision")
URGENCIES = ("Routine", "Urgent", "Emergency")
WORKFLOW_STATES = ("Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed")
INCOME_FIELDS = ("source", "amount", "frequency", "counts_toward_household", "notes")
NO_STORE_PATHS = ("/caseload", "/api/method/case_management.")
# A likely duplicate this sure stops registration until the caseworker confirms a new person.
CONFIRM_SCORE = 0.8


def require_staff() -> None:
	"""The portal is for caseworkers, supervisors and admins; everyone else is refused."""
	if frappe.session.user == "Guest" or not (
		frappe.session.user == "Administrator" or STAFF_ROLES.intersection(frappe.get_roles())
	):
		frappe.throw(_("The caseworker portal is for case staff."), frappe.PermissionError)


def case_for(case: str, ptype: str = "read"):
	"""The case, if the user may `ptype` it; otherwise a refusal that names nothing but the id."""
	if not case or not frappe.db.exists("Case", case):
		frappe.throw(
			_("Case {0} was not found.").format(frappe.utils.escape_html(case or "")),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Case", case)
	if not doc.has_permission(ptype):
		frappe.throw(_("You do not have access to case {0}.").format(doc.name), frappe.PermissionError)
	return doc


@contextmanager
def atomic(name: str):
	"""All of the block's writes, or none of them (a savepoint inside the request's transaction)."""
	frappe.db.savepoint(name)
	try:
		yield
	except Exception:
		frappe.db.rollback(save_point=name)
		raise


def field_options(doctype: str, fieldname: str) -> list[str]:
	"""A Select field's options as the site has them (an agency may customise them)."""
	options = frappe.get_meta(doctype).get_field(fieldname).options or ""
	return [o for o in options.split("\n") if o]


def bad_input(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Please check this"))


# --- caseload -------------------------------------------------------------------------------


def load_caseload(user: str) -> list[dict]:
	"""The cases the user may see (a caseworker: their own and those shared with them), with
	the client's phone and the earliest open visit, in one query."""
	scope = case_query(user)
	where = scope if scope else "1 = 1"
	return frappe.db.sql(  # the condition is permissions.case_query's own; values are parameters
		f"""select `tabCase`.name, `tabCase`.client, `tabCase`.client_name, `tabClient`.phone,
			`tabCase`.workflow_state, `tabCase`.risk_level, `tabCase`.vulnerability_score,
			`tabCase`.next_reassessment_date,
			(select min(v.due_date) from `tabFollow-up Visit` v
				where v.`case` = `tabCase`.name and v.status = 'Scheduled') as next_visit
		from `tabCase` left join `tabClient` on `tabClient`.name = `tabCase`.client
		where {where}
		order by `tabCase`.modified desc
		limit %(limit)s""",
		{"limit": CASELOAD_LIMIT},
		as_dict=True,
	)


def caseload(
	user: str, state: str | None = None, risk: str | None = None, overdue: bool = False, q: str | None = None
) -> dict:
	if state and state not in WORKFLOW_STATES:
		bad_input(_("{0} is not a case state.").format(frappe.utils.escape_html(state)))
	if risk and risk != "none" and risk not in RISK_LEVELS:
		bad_input(_("{0} is not a risk level.").format(frappe.utils.escape_html(risk)))
	on = getdate(today())
	rows = load_caseload(user)
	view = rules.caseload_view(rows, on, state or None, risk or None, bool(overdue), q)
	for row in view:
		row["phone"] = None  # the search used it; the list does not show it
	return {"cases": view, "counts": rules.counts(rows, on), "total": len(rows), "today": on}


# --- one case -------------------------------------------------------------------------------

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
		fields=["full_name", "relationship", "phone", "receives_safety_alerts"],
		order_by="idx",
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
	for note in notes:
		note["text"] = plain_text(note.pop("note"))
		note["author"] = frappe.utils.get_fullname(note.pop("owner"))

	can_write = doc.has_permission("write")
	referrals = frappe.get_list(
		"Referral",
		filters={"case": doc.name},
		fields=["name", "service_provider", "service", "urgency", "status", "due_date", "referral_date"],
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
			}
			for g in doc.goals
		],
		"referrals": referrals,
		# "no referral needed" is offered only while no referral is under way
		"referral_under_way": referral_rules.under_way(r.status for r in referrals),
		"visits": frappe.get_list(
			"Follow-up Visit",
			filters={"case": doc.name},
			fields=["name", "due_date", "scheduled_time", "mode", "status", "completed_on", "notes"],
			order_by="due_date desc",
			limit_page_length=20,
		),
		"notes": notes,
		"alerts": frappe.get_list(
			"Safety Alert",
			filters={"case": doc.name},
			fields=["name", "raised_on", "trigger", "status"],
			order_by="raised_on desc",
			limit_page_length=5,
		),
		"actions": [t.action for t in get_transitions(doc)] if can_write else [],
		"can_write": can_write,
	}


# --- writes ---------------------------------------------------------------------------------


def add_note(
	case: str, subject: str, note: str, note_type: str | None = None, restricted: bool = False
) -> dict:
	doc = case_for(case, "write")
	subject, note = (subject or "").strip(), (note or "").strip()
	if not subject or not note:
		bad_input(_("A note needs a subject and some text."))
	if note_type and note_type not in NOTE_TYPES:
		bad_input(_("{0} is not a kind of note.").format(frappe.utils.escape_html(note_type)))
	text = frappe.utils.escape_html(note).replace("\n", "<br>")
	row = frappe.get_doc(
		{
			"doctype": "Case Note",
			"case": doc.name,
			"subject": subject[:140],
			"note": f"<p>{text}</p>",
			"note_type": note_type or "Contact",
			"is_restricted": int(bool(restricted)),
			"note_date": now_datetime(),
		}
	).insert()
	return {"name": row.name}


def log_visit(
	case: str,
	outcome: str,
	visit: str | None = None,
	notes: str | None = None,
	mode: str | None = None,
) -> dict:
	"""Record the open visit (or `visit`) as Completed or Missed; with no open visit, record
	one held today. The follow-up schedule then plans the next visit."""
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


def parse_json(value, what: str):
	if isinstance(value, str):
		try:
			return json.loads(value) if value.strip() else None
		except ValueError:
			bad_input(_("The {0} could not be read.").format(what))
	return value


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
	return {"name": referral.name, "status": referral.status}


def save_goal(
	case: str,
	goal: str | None = None,
	measure: str | None = None,
	target_date: str | None = None,
	status: str | None = None,
	progress_notes: str | None = None,
	row: str | None = None,
) -> dict:
	"""Add a goal to the case's service plan, or (with `row`) update one: its wording, how
	it is measured, the target date, its status and the progress so far."""
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
	doc.save()
	return {"row": found.name, "goal": found.goal, "status": found.status}


def default_instrument() -> str:
	name = frappe.db.get_value(
		"Scoring Instrument", {"status": "Published"}, "name", order_by="modified desc"
	)
	if not name:
		frappe.throw(_("No scoring instrument is published yet. Ask an admin to publish one."))
	return name


def assessment_form(name: str) -> dict:
	"""A draft assessment's questions, options and the answers given so far."""
	doc = frappe.get_doc("Vulnerability Assessment", name)
	doc.check_permission("read")
	instrument = published_instrument(doc.instrument)
	given = {row.question_code: row.answer for row in doc.answers}
	return {
		"name": doc.name,
		"case": doc.case,
		"instrument": doc.instrument,
		"docstatus": doc.docstatus,
		"questions": [
			{
				"code": q.code,
				"domain": q.domain,
				"question": q.text,
				"options": list(q.options),
				"answer": given.get(q.code),
			}
			for q in instrument.questions
		],
	}


def start_assessment(case: str) -> dict:
	"""Continue the case's draft assessment, or start one on the published instrument."""
	doc = case_for(case, "write")
	draft = frappe.db.get_value("Vulnerability Assessment", {"case": doc.name, "docstatus": 0}, "name")
	if not draft:
		draft = (
			frappe.get_doc(
				{
					"doctype": "Vulnerability Assessment",
					"case": doc.name,
					"instrument": default_instrument(),
					"assessment_date": today(),
					"assessor": frappe.session.user,
				}
			)
			.insert()
			.name
		)
	return assessment_form(draft)


def save_assessment(assessment: str, answers: dict | str, submit: bool = False) -> dict:
	"""Save the answers given so far; with `submit`, score it and update the case."""
	doc = frappe.get_doc("Vulnerability Assessment", assessment)
	case_for(doc.case, "write")
	doc.check_permission("submit" if cint(submit) else "write")
	if doc.docstatus != 0:
		bad_input(_("This assessment is already submitted."))
	answers = parse_json(answers, _("answers")) or {}
	if not isinstance(answers, dict):
		bad_input(_("The answers could not be read."))
	with atomic("portal_assessment"):
		for row in doc.answers:
			if row.question_code in answers:
				row.answer = answers[row.question_code] or None
		unknown = set(answers) - {row.question_code for row in doc.answers}
		for code in sorted(unknown):
			doc.append("answers", {"question_code": code, "answer": answers[code]})
		doc.save()
		if cint(submit):
			doc.submit()
	return {
		"name": doc.name,
		"docstatus": doc.docstatus,
		"total_score": doc.total_score,
		"band": doc.band,
		"risk_level": doc.risk_level,
	}


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
	case: str, action: str, closure_reason: str | None = None, closure_notes: str | None = None
) -> dict:
	"""Take a workflow action the user may take on the case now. Closing records the reason
	first, in the same all-or-nothing step."""
	doc = case_for(case, "write")
	allowed = [t.action for t in get_transitions(doc)]
	if action not in allowed:
		bad_input(
			_("{0} is not an action you can take on this case now.").format(frappe.utils.escape_html(action))
		)
	reasons = field_options("Case", "closure_reason")
	if closure_reason and closure_reason not in reasons:
		bad_input(_("{0} is not a closure reason.").format(frappe.utils.escape_html(closure_reason)))
	with atomic("portal_move_case"):
		if closure_reason or (closure_notes or "").strip():
			doc.closure_reason = closure_reason or doc.closure_reason
			doc.closure_notes = (closure_notes or "").strip() or doc.closure_notes
			doc.save()
		doc = apply_workflow(doc, action)
	return {"workflow_state": doc.workflow_state, "actions": [t.action for t in get_transitions(doc)]}


def register_client(values: dict, confirmed_new: bool = False) -> dict:
	"""Register a new client and start their case on the user's caseload.

	A likely duplicate stops it (with the matches) until the user confirms a new person."""
	frappe.has_permission("Client", "create", throw=True)
	frappe.has_permission("Case", "create", throw=True)
	first_name = (values.get("first_name") or "").strip()
	if not first_name or not (values.get("last_name") or "").strip():
		bad_input(_("Enter the client's first and last name."))
	if values.get("date_of_birth"):
		try:
			values["date_of_birth"] = getdate(values["date_of_birth"])
		except Exception:
			bad_input(_("{0} is not a date.").format(frappe.utils.escape_html(values["date_of_birth"])))
	if not cint(confirmed_new):
		sure = [m for m in likely_duplicates_of(values) if m["score"] >= CONFIRM_SCORE]
		if sure:
			bad_input(
				_(
					"This person may already be registered ({0} likely match). Open the match, or confirm this is a new client."
				).format(len(sure))
			)
	caseworker = frappe.session.user if "Caseworker" in frappe.get_roles() else None
	with atomic("portal_register_client"):
		client = frappe.get_doc({"doctype": "Client", **values}).insert()
		case = frappe.new_doc("Case")
		case.update({"client": client.name, "caseworker": caseworker})
		case.insert()
	return {"client": client.name, "case": case.name}


# --- pages ----------------------------------------------------------------------------------


def page_context(context, path: str) -> None:
	"""What every portal page needs: a signed-in staff user (a guest is sent to log in and
	back), no caching anywhere, a CSRF token for its calls."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": path})
		raise frappe.Redirect(302)
	require_staff()
	frappe.sessions.get_csrf_token()
	context.no_cache = 1
	context.no_sitemap = 1
	context.user_name = frappe.utils.get_fullname(frappe.session.user)
	context.asset_version = asset_version()
	context.base_template_path = "templates/caseload_base.html"


def asset_version() -> str:
	"""Changes whenever the portal's script or stylesheet does, so browsers may cache them."""
	folder = frappe.get_app_path("case_management", "public", "portal")
	return str(max(int(os.path.getmtime(os.path.join(folder, f))) for f in ("caseload.js", "caseload.css")))


def no_store(response=None, request=None) -> None:
	"""after_request: the portal's pages and the app's calls (the portal's, the intake search,
	the duplicate check...) carry personal data; no browser or proxy cache may keep them."""
	path = getattr(request, "path", "") or ""
	if response is not None and path.startswith(NO_STORE_PATHS):
		response.headers["Cache-Control"] = "no-store"
