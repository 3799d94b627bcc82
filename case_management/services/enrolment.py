"""A program's places: referral, admission, the waitlist, offers, exit, services delivered.

Every change that gives or frees a place first locks the program's row
(`SELECT ... FOR UPDATE`, inside the request's transaction) and then counts: two requests
for the last place are served one after the other, so capacity is never exceeded. The rules
(who gets a place, the waitlist order, offers) are engine/waitlist.py; eligibility is
services/programs.py. Callers (api/programs.py) check the user's permission first.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.query_builder import DocType
from frappe.utils import add_days, getdate, today

from case_management.engine import waitlist
from case_management.engine.eligibility import ELIGIBLE, NOT_ELIGIBLE
from case_management.engine.hmis import EXIT_DESTINATIONS
from case_management.services.deliveries import parse_date
from case_management.services.programs import OPEN, decide, place_counts, reasons_text

SUPERVISOR_ROLES = {"Case Supervisor", "Case Management Admin"}


def lock_program(program: str) -> frappe._dict:
	"""The program's row, locked until the transaction ends."""
	row = frappe.db.get_value(
		"Program",
		program,
		["name", "capacity", "waitlist_policy", "offer_reply_days", "is_active", "start_date", "end_date"],
		as_dict=True,
		for_update=True,
	)
	if not row:
		frappe.throw(_("Program {0} does not exist.").format(frappe.bold(frappe.utils.escape_html(program))))
	return row


def counts(program: str) -> dict[str, int]:
	"""enrolled, open_offers and waiting (without an offer), in one locking read: called with
	the program's row locked, it counts what the requests served before this one committed."""
	return place_counts([program], locking=True).get(program, {"enrolled": 0, "open_offers": 0, "waiting": 0})


def is_supervisor(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(SUPERVISOR_ROLES.intersection(frappe.get_roles(user)))


def _save(doc, ignore_permissions: bool = False, **values) -> None:
	doc.update(values)
	doc.flags.via_service = True
	doc.save(ignore_permissions=ignore_permissions)


# --- referral and admission -----------------------------------------------------------------


def refer(case: str, program: str, override_reason: str | None = None) -> frappe._dict:
	"""Refer the case's client to the program in one step: record the eligibility decision,
	and give a place (or a waitlist position) when eligible — or when a supervisor overrides a
	decision that is not Eligible, with the reason."""
	row = lock_program(program)
	check_open(row)
	client = frappe.db.get_value("Case", case, "client")
	existing = frappe.db.get_value(  # a locking read: sees a referral committed a moment ago
		"Program Enrolment",
		{"client": client, "program": program, "status": ("in", OPEN)},
		"name",
		for_update=True,
	)
	if existing:
		frappe.throw(
			_("This client already has an open enrolment in {0}: {1}.").format(
				frappe.bold(frappe.utils.escape_html(program)), existing
			),
			title=_("Already referred"),
		)
	decision = decide(case, program)
	if decision.status != ELIGIBLE:
		check_override(override_reason)  # before anything is written
	doc = frappe.get_doc(
		{
			"doctype": "Program Enrolment",
			"program": program,
			"case": case,
			"status": "Referred",
			"referral_date": today(),
			"eligibility": decision.status,
			"eligibility_reasons": reasons_text(decision),
			"status_reason": decision.summary,
		}
	)
	doc.flags.via_service = True
	doc.insert()
	if decision.status == ELIGIBLE or (override_reason or "").strip():
		admit(doc, row, override_reason)
	return doc


def check_open(row) -> None:
	on = getdate(today())
	if (
		not row.is_active
		or (row.start_date and getdate(row.start_date) > on)
		or (row.end_date and getdate(row.end_date) < on)
	):
		frappe.throw(
			_("{0} is not open for referrals today.").format(frappe.bold(frappe.utils.escape_html(row.name)))
		)


def enrol(doc, override_reason: str | None = None) -> None:
	"""Admit a Referred enrolment: decided again now (the facts may have changed)."""
	if doc.status != "Referred":
		frappe.throw(
			_("Only a referred client can be enrolled; this enrolment is {0}.").format(_(doc.status))
		)
	row = lock_program(doc.program)
	check_open(row)
	decision = decide(doc.case, doc.program)
	if decision.status != ELIGIBLE:
		check_override(override_reason)
	doc.eligibility, doc.eligibility_reasons = decision.status, reasons_text(decision)
	if decision.status != ELIGIBLE and not override_reason:
		if decision.status == NOT_ELIGIBLE:
			frappe.throw(
				_("{0} A supervisor may enrol the client anyway, giving the reason.").format(
					decision.summary
				),
				title=_("Not eligible"),
			)
		frappe.throw(
			_("Eligibility is not known yet: {0}").format(decision.summary), title=_("Eligibility unknown")
		)
	admit(doc, row, override_reason)


def check_override(override_reason: str | None) -> None:
	"""Enrolling against the criteria is for supervisors, and needs a reason (checked before
	anything is written)."""
	if override_reason is None:
		return
	if not is_supervisor():
		frappe.throw(
			_("Only a supervisor may enrol a client the criteria do not find eligible."),
			frappe.PermissionError,
		)
	if not override_reason.strip():
		frappe.throw(_("Give the reason for enrolling a client the criteria do not find eligible."))


def admit(doc, row, override_reason: str | None = None) -> None:
	"""Enrolled or Waitlisted, by the engine's rule, with the program's row already locked."""
	override = (override_reason or "").strip()
	n = counts(doc.program)
	status, why = waitlist.admit(row.capacity or 0, n["enrolled"], n["open_offers"], n["waiting"])
	values = {"status": status, "status_reason": _("{0}: {1}").format(_(status), why)}
	if status == "Enrolled":
		values["entry_date"] = today()
	else:
		values["waitlisted_on"] = today()
	if override and doc.eligibility != ELIGIBLE:
		values.update(override_reason=override, overridden_by=frappe.session.user)
	_save(doc, **values)
	if status == "Waitlisted":
		renumber(row)


# --- the waitlist ---------------------------------------------------------------------------


def waiting_entries(program: str, locking: bool = True) -> list[waitlist.Entry]:
	"""The program's waitlist (without those holding an offer): a locking read of the
	enrolments, as counts() is (`locking=False` for a page that only shows it), then the
	cases' scores."""
	e = DocType("Program Enrolment")
	query = (
		frappe.qb.from_(e)
		.select(e.name, e.case, e.waitlisted_on, e.pinned_position, e.pin_reason)
		.where(
			(e.program == program)
			& (e.status == "Waitlisted")
			& (e.offer_status.isnull() | (e.offer_status != "Offered"))
		)
	)
	rows = (query.for_update() if locking else query).run(as_dict=True)
	scores = {
		c.name: c
		for c in frappe.get_all(
			"Case",
			filters={"name": ("in", [r.case for r in rows] or [""])},
			fields=["name", "vulnerability_score", "last_assessment"],
		)
	}
	entries = []
	for r in rows:
		case = scores.get(r.case) or frappe._dict()
		entries.append(
			waitlist.Entry(
				name=r.name,
				waiting_since=getdate(r.waitlisted_on or today()),
				score=float(case.vulnerability_score or 0) if case.last_assessment else None,
				pinned_position=r.pinned_position or None,
				pin_reason=r.pin_reason or "",
			)
		)
	return entries


def renumber(row) -> list[waitlist.Position]:
	"""Store each waiting enrolment's position and its reason (one bulk update)."""
	positions = waitlist.order(waiting_entries(row.name), row.waitlist_policy, getdate(today()))
	frappe.db.bulk_update(
		"Program Enrolment",
		{p.name: {"waitlist_position": p.position, "waitlist_reason": p.reason} for p in positions},
		update_modified=False,
	)
	return positions


def place(doc, position: int, reason: str) -> None:
	"""A supervisor's (or the program manager's) placement of a waiting client, with a reason."""
	if doc.status != "Waitlisted" or doc.offer_status == "Offered":
		frappe.throw(_("Only a client waiting for an offer can be moved on the waitlist."))
	if position < 1:
		frappe.throw(_("Positions start at 1."))
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for moving this client on the waitlist."))
	row = lock_program(doc.program)
	_save(doc, pinned_position=position, pin_reason=reason.strip(), pinned_by=frappe.session.user)
	renumber(row)


# --- offers ---------------------------------------------------------------------------------


def fill_places(program: str) -> list[str]:
	"""Offer the free places to the next in line (each gets a ToDo for the case's caseworker
	with the reply-by date); returns the enrolments offered a place."""
	row = lock_program(program)
	n = counts(program)
	free = waitlist.free_places(row.capacity or 0, n["enrolled"], n["open_offers"])
	positions = renumber(row)
	chosen = waitlist.next_offers(positions, free)
	reply_by = add_days(today(), row.offer_reply_days or 7)
	for name in chosen:  # at most the places just freed: a handful, each with its own ToDo
		doc = frappe.get_doc("Program Enrolment", name)
		# The system offers the place to whoever is next, on any caseload: the user whose action
		# freed it (an exit, a withdrawal, a declined offer) need not see that client.
		_save(
			doc,
			ignore_permissions=True,
			offer_status="Offered",
			offer_made_on=today(),
			offer_reply_by=reply_by,
		)
		if doc.caseworker:
			assign_to.add(
				{
					"assign_to": [doc.caseworker],
					"doctype": doc.doctype,
					"name": doc.name,
					"description": _("Offer {0} a place in {1}: they have until {2} to accept").format(
						doc.client_name, program, frappe.utils.formatdate(reply_by)
					),
					"date": reply_by,
				},
				ignore_permissions=True,  # the system makes the offer; the caseworker follows it up
			)
	if chosen:
		renumber(row)
	return chosen


def answer_offer(doc, accept: bool) -> None:
	if doc.status != "Waitlisted" or doc.offer_status != "Offered":
		frappe.throw(_("There is no open offer on this enrolment."))
	lock_program(doc.program)
	if accept:
		_save(
			doc,
			status="Enrolled",
			offer_status="Accepted",
			entry_date=today(),
			status_reason=_("Accepted the offered place"),
		)
	else:
		_save(doc, status="Declined", offer_status="Declined", status_reason=_("Declined the offered place"))
	assign_to.close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)
	if not accept:
		fill_places(doc.program)


def lapse_offers() -> list[str]:
	"""Daily: offers not answered by their reply-by date lapse (the enrolment is Declined,
	saying why) and their places pass to the next in line."""
	lapsed = frappe.get_all(
		"Program Enrolment",
		filters={"status": "Waitlisted", "offer_status": "Offered", "offer_reply_by": ("<", today())},
		fields=["name", "program", "offer_reply_by"],
	)
	for row in lapsed:  # the day's lapsed offers: each is saved with its change tracked
		doc = frappe.get_doc("Program Enrolment", row.name)
		_save(
			doc,
			status="Declined",
			offer_status="Lapsed",
			status_reason=_("The offer lapsed: not answered by {0}").format(
				frappe.utils.formatdate(row.offer_reply_by)
			),
		)
		assign_to.close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)
	for program in sorted({r.program for r in lapsed}):
		fill_places(program)
	return [r.name for r in lapsed]


# --- leaving ----------------------------------------------------------------------------------


def exit_enrolment(doc, destination: str, exit_date: str | None = None, notes: str | None = None) -> None:
	if doc.status != "Enrolled":
		frappe.throw(_("Only an enrolled client can exit; this enrolment is {0}.").format(_(doc.status)))
	if destination not in EXIT_DESTINATIONS:
		frappe.throw(_("Choose where the client went on exit (HMIS 3.12 destination)."))
	exit_date = parse_date(exit_date, _("The exit date"))
	if exit_date > getdate(today()):
		frappe.throw(_("The exit date cannot be in the future."))
	lock_program(doc.program)
	_save(
		doc,
		status="Exited",
		exit_date=exit_date,
		exit_destination=destination,
		exit_notes=notes,
		status_reason=_("Exited to: {0}").format(_(destination)),
	)
	fill_places(doc.program)


def withdraw(doc, reason: str) -> None:
	if doc.status not in OPEN:
		frappe.throw(_("This enrolment is already {0}.").format(_(doc.status)))
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for the withdrawal."))
	held_place = doc.status == "Enrolled" or doc.offer_status == "Offered"
	row = lock_program(doc.program)
	_save(doc, status="Withdrawn", status_reason=_("Withdrawn: {0}").format(reason.strip()))
	assign_to.close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)
	if held_place:
		fill_places(doc.program)
	elif doc.waitlist_position:
		renumber(row)


def check_merge(survivor: str, other: str) -> None:
	"""Refuse to merge two client records that are both open in the same program: the merged
	client would hold two open enrolments there. Someone decides which one stands first."""
	rows = frappe.get_all(
		"Program Enrolment",
		filters={"client": ("in", [survivor, other]), "status": ("in", OPEN)},
		fields=["client", "program"],
	)
	both = {r.program for r in rows if r.client == survivor} & {r.program for r in rows if r.client == other}
	if both:
		frappe.throw(
			_(
				"Both records have an open enrolment in {0}. A client is in a program once: exit or "
				"withdraw one of the two enrolments, then merge."
			).format(", ".join(sorted(both))),
			title=_("Cannot merge"),
		)
