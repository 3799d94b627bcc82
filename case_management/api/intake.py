"""Intake from the desk or the portal: find a returning client, then start their case."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count

from case_management.engine.inputs import date_problem
from case_management.engine.intake_search import PROBLEMS, search_problem, whole_word_patterns
from case_management.engine.names import clean_name
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone
from case_management.services.access_log import count_search, log_access
from case_management.utils import phone_region

MAX_MATCHES = 10
# A name or phone typed into the search box; longer is not a search but an attack.
MAX_SEARCH_LENGTH = 200


@frappe.whitelist(methods=["GET", "POST"])
def find_clients(
	name: str | None = None, date_of_birth: str | None = None, phone: str | None = None
) -> list[dict]:
	"""Look up a returning client at intake, across all caseloads.

	To keep this from becoming a way to browse the client list (engine/intake_search.py), it
	needs a phone number, or whole names: a first and a last name, or a name with the birth
	date. It returns at most ten matches and only what lets a caseworker recognise the person
	(name, birth date, the phone's last digits, whether they have an open case), counts
	against the user's hourly limit, and is kept in the Client Access Log.
	"""
	frappe.has_permission("Case", "create", throw=True)
	if len(name or "") > MAX_SEARCH_LENGTH or len(phone or "") > MAX_SEARCH_LENGTH:
		frappe.throw(_("Search with at most {0} characters.").format(MAX_SEARCH_LENGTH))
	if date_of_birth and date_problem(date_of_birth):
		frappe.throw(_("The birth date is not a real date (use YYYY-MM-DD)."))
	words = clean_name(name).split()
	phone_e164 = None
	if phone:
		try:
			phone_e164 = normalize_phone(phone, phone_region())
		except InvalidPhoneNumber:
			frappe.throw(
				_("{0} is not a phone number we can read.").format(
					frappe.bold(frappe.utils.escape_html(phone))
				)
			)
	problem = search_problem(words, bool(date_of_birth), bool(phone_e164))
	if problem:
		frappe.throw(_(PROBLEMS[problem]), title=_("Not enough to search on"))
	count_search()

	client, case = DocType("Client"), DocType("Case")
	open_cases = (
		frappe.qb.from_(case)
		.select(Count("*"))
		.where((case.client == client.name) & (case.workflow_state != "Closed"))
	)
	query = (
		frappe.qb.from_(client)
		.select(
			client.name, client.full_name, client.date_of_birth, client.phone, open_cases.as_("open_cases")
		)
		.where((client.status != "Deceased") & (client.disabled == 0))
		.orderby(client.full_name)
		.limit(MAX_MATCHES)
	)
	if phone_e164:
		query = query.where((client.phone == phone_e164) | (client.alternate_phone == phone_e164))
	if date_of_birth:
		query = query.where(client.date_of_birth == frappe.utils.getdate(date_of_birth))
	for word in words:
		patterns = whole_word_patterns(word)
		match = client.full_name.like(patterns[0])
		for pattern in patterns[1:]:
			match = match | client.full_name.like(pattern)
		query = query.where(match)

	rows = query.run(as_dict=True)
	for row in rows:
		row["phone"] = mask_phone(row["phone"])
		row["can_open"] = frappe.has_permission("Client", "read", row["name"])
		row["open_case"] = open_case_to_open(row["name"]) if row["open_cases"] and row["can_open"] else None
	log_access(
		"Intake search",
		{"name": name, "date_of_birth": date_of_birth, "phone": phone},
		[r["name"] for r in rows],
	)
	return rows


@frappe.whitelist(methods=["POST"])
def start_case(
	client: str,
	caseworker: str | None = None,
	checklist_template: str | None = None,
	reason: str | None = None,
	second_case_reason: str | None = None,
) -> dict:
	"""Initialise a case for `client`: checklist from the template, intake ToDo to the caseworker.

	A client the user cannot open yet (another caseload serves them, or served them, or
	registered them) is opened to the new caseworker only with a reason. The reason is kept in
	the Client Access Log, and the caseworker and supervisor of each open case the user cannot
	see get a ToDo saying who opened the client and why. Those cases stay closed to the new
	caseworker: their notes, visits and history remain theirs.

	A client has one open case at a time: a client with an open case (in any caseload, the
	user's own too) gets a second one only from a supervisor, with `second_case_reason`
	(kept on the case; Case.validate_one_open_case).
	"""
	frappe.has_permission("Case", "create", throw=True)
	if not frappe.db.exists("Client", client):
		frappe.throw(
			_("Client {0} does not exist.").format(frappe.bold(frappe.utils.escape_html(client))),
			frappe.DoesNotExistError,
		)
	hidden = not frappe.has_permission("Client", "read", client)
	others = open_cases_elsewhere(client) if hidden else []
	reason = (reason or "").strip()
	if hidden and not reason:
		frappe.throw(
			_(
				"This client is known to another caseload. Say why you need to open their record: your reason is kept, and their caseworker and supervisor are told."
			),
			title=_("A reason is needed"),
		)

	case = frappe.new_doc("Case")
	case.update(
		{
			"client": client,
			"caseworker": caseworker,
			"checklist_template": checklist_template,
			"second_case_reason": second_case_reason,
		}
	)
	case.flags.via_intake = True  # the client was found through find_clients, see Case.validate_client
	case.insert()
	if hidden:
		tell_other_caseloads(client, case.name, others, reason)
	return {
		"name": case.name,
		"caseworker": frappe.db.get_value("Case", case.name, "caseworker"),
		"can_read": frappe.has_permission("Case", "read", case.name),
	}


def open_case_to_open(client: str) -> str | None:
	"""The client's open case the user may read, for intake's "Open the case"."""
	names = frappe.get_list(
		"Case",
		filters={"client": client, "workflow_state": ("!=", "Closed")},
		pluck="name",
		order_by="creation desc",
		limit_page_length=1,
	)
	return names[0] if names else None


def open_cases_elsewhere(client: str) -> list[dict]:
	"""The client's open cases that the user cannot see."""
	rows = frappe.get_all(
		"Case",
		filters={"client": client, "workflow_state": ("!=", "Closed")},
		fields=["name", "caseworker", "team"],
	)
	return [r for r in rows if not frappe.has_permission("Case", "read", r.name)]


def tell_other_caseloads(client: str, case: str, others: list[dict], reason: str) -> None:
	"""Log the opening and tell each open case's caseworker and team supervisor."""
	log_access(
		"Opened another caseload's client",
		clients=[client],
		client=client,
		case=case,
		other_cases=", ".join(o.name for o in others) or None,
		reason=reason,
	)
	opener = frappe.utils.get_fullname(frappe.session.user)
	for other in others:
		supervisor = frappe.db.get_value("Caseworker Team", other.team, "supervisor") if other.team else None
		for user in {u for u in (other.caseworker, supervisor) if u}:
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": user,
					"reference_type": "Case",
					"reference_name": other.name,
					"description": _(
						"{0} opened the record of your client in case {1} to start case {2}. Their reason: {3}"
					).format(opener, other.name, case, frappe.utils.escape_html(reason)),
					"priority": "High",
				}
			).insert(ignore_permissions=True)  # a notice to the other caseload, not the user's own task


def mask_phone(phone: str | None) -> str | None:
	"""Show only the last four digits: enough to confirm, not enough to call."""
	if not phone:
		return None
	return "•••" + phone[-4:]
