"""Programs: screening, referral, places, the waitlist, offers, exits and services delivered.

Typed, permission-checked methods for the Case form, the portal and the desk. Each checks the
record it is about (the case, the enrolment, the program) before anything is read or
written; the work is in services/programs.py (eligibility) and services/enrolment.py
(places, under the program's row lock).
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from case_management.permissions.programs import manages
from case_management.services import deliveries
from case_management.services import enrolment as places
from case_management.services.programs import case_programs, place_counts

MAX_BULK = 200


def _case(case: str, ptype: str = "read") -> None:
	if not case or not frappe.db.exists("Case", case):
		frappe.throw(
			_("Case {0} was not found.").format(frappe.utils.escape_html(case or "")),
			frappe.DoesNotExistError,
		)
	if not frappe.has_permission("Case", ptype, doc=case):
		frappe.throw(_("You do not have access to case {0}.").format(case), frappe.PermissionError)


def _enrolment(enrolment: str, ptype: str = "write"):
	if not enrolment or not frappe.db.exists("Program Enrolment", enrolment):
		frappe.throw(
			_("Enrolment {0} was not found.").format(frappe.utils.escape_html(enrolment or "")),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Program Enrolment", enrolment)
	if not doc.has_permission(ptype):
		frappe.throw(_("You do not have access to enrolment {0}.").format(doc.name), frappe.PermissionError)
	return doc


def _program(program: str) -> None:
	if not program or not frappe.db.exists("Program", program):
		frappe.throw(
			_("Program {0} was not found.").format(frappe.utils.escape_html(program or "")),
			frappe.DoesNotExistError,
		)
	if not frappe.has_permission("Program", "read", doc=program):
		frappe.throw(_("You do not have access to program {0}.").format(program), frappe.PermissionError)


def _require_login() -> None:
	if frappe.session.user == "Guest":
		frappe.throw(_("Please log in."), frappe.PermissionError)


def _summary(doc) -> dict:
	doc.reload()  # the waitlist positions were renumbered in bulk
	return {
		"name": doc.name,
		"program": doc.program,
		"status": doc.status,
		"status_reason": doc.status_reason,
		"eligibility": doc.eligibility,
		"eligibility_reasons": doc.eligibility_reasons,
		"waitlist_position": doc.waitlist_position,
		"offer_status": doc.offer_status,
		"offer_reply_by": doc.offer_reply_by,
	}


@frappe.whitelist(methods=["GET"])
def get_case_programs(case: str) -> list[dict]:
	"""Each open program's eligibility decision for the case, with the reasons, and the case's
	enrolment in it."""
	_require_login()
	_case(case)
	return case_programs(case)


@frappe.whitelist(methods=["POST"])
def refer(case: str, program: str, override_reason: str | None = None) -> dict:
	"""Refer the case's client to a program in one step (enrolled or waitlisted when
	eligible; a supervisor may override a decision that is not Eligible, with the reason)."""
	_require_login()
	_case(case, "write")
	_program(program)
	frappe.has_permission("Program Enrolment", "create", throw=True)
	return _summary(places.refer(case, program, override_reason))


@frappe.whitelist(methods=["POST"])
def enrol(enrolment: str, override_reason: str | None = None) -> dict:
	"""Give a referred client a place (or a waitlist position), deciding eligibility again."""
	_require_login()
	doc = _enrolment(enrolment)
	places.enrol(doc, override_reason)
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def answer_offer(enrolment: str, accept: bool) -> dict:
	"""The client's answer to an offered place."""
	_require_login()
	doc = _enrolment(enrolment)
	places.answer_offer(doc, bool(accept))
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def exit_enrolment(
	enrolment: str, destination: str, exit_date: str | None = None, notes: str | None = None
) -> dict:
	"""The client leaves the program: the exit date and the HMIS 3.12 destination."""
	_require_login()
	doc = _enrolment(enrolment)
	places.exit_enrolment(doc, destination, exit_date, notes)
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def withdraw(enrolment: str, reason: str) -> dict:
	"""The client no longer wants the place or the referral."""
	_require_login()
	doc = _enrolment(enrolment)
	places.withdraw(doc, reason)
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def move_on_waitlist(enrolment: str, position: int, reason: str) -> dict:
	"""A supervisor (or the program's manager) places a waiting client, with the reason."""
	_require_login()
	doc = _enrolment(enrolment)
	if not (places.is_supervisor() or manages(doc.program)):
		frappe.throw(
			_("Only a supervisor or the program's manager may move a client on the waitlist."),
			frappe.PermissionError,
		)
	places.place(doc, int(position), reason)
	return _summary(doc)


@frappe.whitelist(methods=["GET"])
def get_waitlist(program: str) -> dict:
	"""The program's places and its waitlist in order, each position with its reason; clients
	the user may not see are shown without their name."""
	_require_login()
	_program(program)
	if not (places.is_supervisor() or manages(program)):
		frappe.throw(
			_("Only a supervisor or the program's manager may see the waitlist."), frappe.PermissionError
		)
	row = frappe.db.get_value("Program", program, ["name", "capacity", "waitlist_policy"], as_dict=True)
	positions = places.waitlist.order(
		places.waiting_entries(program, locking=False), row.waitlist_policy, getdate(today())
	)
	visible = {
		e.name: e.client_name
		for e in frappe.get_list(
			"Program Enrolment",
			filters={"program": program, "status": "Waitlisted"},
			fields=["name", "client_name"],
		)
	}
	return {
		"program": program,
		"capacity": row.capacity,
		"policy": row.waitlist_policy,
		"places": place_counts([program]).get(program, {"enrolled": 0, "open_offers": 0, "waiting": 0}),
		"waitlist": [
			{
				"position": p.position,
				"enrolment": p.name if p.name in visible else None,
				"client_name": visible.get(p.name) or _("Another caseload's client"),
				"reason": p.reason,
			}
			for p in positions
		],
	}


@frappe.whitelist(methods=["POST"])
def log_service(
	enrolment: str,
	service: str,
	delivered_on: str | None = None,
	quantity: float = 1,
	note: str | None = None,
) -> dict:
	"""Record one service delivered to an enrolled client."""
	_require_login()
	_enrolment(enrolment, "read")
	doc = frappe.get_doc(
		{
			"doctype": "Service Delivery",
			"enrolment": enrolment,
			"service": service,
			"delivered_on": deliveries.parse_date(delivered_on, _("The delivery date")),
			"quantity": quantity,
			"staff": frappe.session.user,
			"note": note,
		}
	).insert()
	return {"name": doc.name, "service": doc.service, "quantity": doc.quantity, "unit": doc.unit}


@frappe.whitelist(methods=["POST"])
def log_services(
	program: str,
	service: str,
	enrolments: list,
	delivered_on: str | None = None,
	quantity: float = 1,
	note: str | None = None,
) -> dict:
	"""Record the same service for many enrolled clients of one program at once (a group
	session, a food distribution): all of them or none."""
	_require_login()
	_program(program)
	frappe.has_permission("Service Delivery", "create", throw=True)
	if not enrolments or not all(isinstance(e, str) for e in enrolments) or len(enrolments) > MAX_BULK:
		frappe.throw(_("Choose between 1 and {0} enrolments.").format(MAX_BULK))
	names = sorted(set(enrolments))
	return {"logged": deliveries.log_services(program, service, names, delivered_on, quantity, note)}
