"""Intake from the desk or the portal: find a returning client, then start their case."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count

from case_management.engine.inputs import date_problem
from case_management.engine.names import clean_name
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone
from case_management.utils import phone_region

MAX_MATCHES = 10
# A name or phone typed into the search box; longer is not a search but an attack.
MAX_SEARCH_LENGTH = 200


@frappe.whitelist(methods=["GET", "POST"])
def find_clients(
	name: str | None = None, date_of_birth: str | None = None, phone: str | None = None
) -> list[dict]:
	"""Look up a returning client at intake, across all caseloads.

	To keep this from becoming a way to browse the client list, it needs a phone number, or
	a name together with a birth date, or a first and last name; it returns at most ten
	matches and only what identifies a person (never addresses or notes).
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
	if not (phone_e164 or (words and date_of_birth) or len(words) >= 2):
		frappe.throw(
			_("Search with a phone number, a name and a birth date, or a first and last name."),
			title=_("Not enough to search on"),
		)

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
		query = query.where(client.full_name.like(f"%{escape_like(word)}%"))

	rows = query.run(as_dict=True)
	for row in rows:
		row["phone"] = mask_phone(row["phone"])
		row["can_open"] = frappe.has_permission("Client", "read", row["name"])
	return rows


@frappe.whitelist(methods=["POST"])
def start_case(client: str, caseworker: str | None = None, checklist_template: str | None = None) -> dict:
	"""Initialise a case for `client`: checklist from the template, intake ToDo to the caseworker."""
	frappe.has_permission("Case", "create", throw=True)
	if not frappe.db.exists("Client", client):
		frappe.throw(
			_("Client {0} does not exist.").format(frappe.bold(frappe.utils.escape_html(client))),
			frappe.DoesNotExistError,
		)

	case = frappe.new_doc("Case")
	case.update({"client": client, "caseworker": caseworker, "checklist_template": checklist_template})
	case.flags.via_intake = True  # the client was found through find_clients, see Case.validate_client
	case.insert()
	return {
		"name": case.name,
		"caseworker": frappe.db.get_value("Case", case.name, "caseworker"),
		"can_read": frappe.has_permission("Case", "read", case.name),
	}


def escape_like(text: str) -> str:
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def mask_phone(phone: str | None) -> str | None:
	"""Show only the last four digits: enough to confirm, not enough to call."""
	if not phone:
		return None
	return "•••" + phone[-4:]
