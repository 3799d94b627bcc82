"""A client's identity document, the Frappe side.

The number is a Password field: Frappe keeps it encrypted in its __Auth table, and the Client
row, its list, its versions, its exports and every API answer carry only asterisks. What
people see is `id_number_masked`, the last four (engine.evidence.masked). The number itself is
read back only here: for the matcher and a merge (never shown), and for an admin who asks
(reveal, logged). The rules (which types, what a number may look like, which document a merge
keeps) are in engine.evidence.
"""

import frappe
from frappe import _
from frappe.query_builder import Table
from frappe.utils.password import decrypt, get_decrypted_password

from case_management.engine import evidence

FIELD = "id_number"
ADMIN_ROLES = {"Case Management Admin", "System Manager"}
IDENTITY_FIELDS = ("id_type", "id_number_masked", "id_data_quality")


def is_admin(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(ADMIN_ROLES.intersection(frappe.get_roles(user)))


def check_identity(doc) -> None:
	"""Client.validate: refuse a number that cannot be of its type, keep its last four in view,
	and set the data quality when left empty (full, or partial for the last four only). No
	message ever repeats the number."""
	value = doc.get(FIELD)
	if value and doc.is_dummy_password(value):  # unchanged: asterisks stand for the stored number
		if not doc.has_value_changed("id_type"):
			return
		value = get_decrypted_password("Client", doc.name, FIELD, raise_exception=False)
	if not value:
		doc.id_number_masked = None
		return
	if not doc.id_type:
		frappe.throw(_("Choose the type of the identity document."), title=_("Identity document"))
	try:
		ids = evidence.identities(doc.id_type, value)
	except evidence.BadIdentifier:
		frappe.throw(_("Choose one of the document types offered."), title=_("Identity document"))
	if not ids:
		frappe.throw(
			_(
				"The document number cannot be a {0}: check it, or leave it empty and set the data quality."
			).format(_(doc.id_type)),
			title=_("Identity document"),
		)
	doc.id_number_masked = evidence.masked(value)
	if not doc.id_data_quality:
		doc.id_data_quality = "Partial" if ids[0][0] == "ssn4" else "Full"


def numbers_of(clients: list[str] | None = None) -> dict[str, str]:
	"""The document numbers of `clients` (every client when None), decrypted, in one query:
	for the matcher and a merge, never for display."""
	if clients is not None and not clients:
		return {}
	auth = Table("__Auth")
	query = (
		frappe.qb.from_(auth)
		.select(auth.name, auth.password)
		.where((auth.doctype == "Client") & (auth.fieldname == FIELD))
	)
	if clients is not None:
		query = query.where(auth.name.isin(list(clients)))
	found = {}
	for name, token in query.run():
		try:
			found[name] = decrypt(token)
		except frappe.ValidationError:  # a token the site's key cannot read: no evidence
			frappe.clear_last_message()
	return found


def with_identities(records: list[dict]) -> list[dict]:
	"""Matcher records (services.duplicates) with their document number filled in."""
	numbers = numbers_of([r["id"] for r in records]) if len(records) < 1000 else numbers_of()
	for r in records:
		r["id_number"] = numbers.get(r["id"]) if r.get("id_type") else None
	return records


def reveal(client: str) -> str:
	"""The whole number, for an admin who may read the client; the access is logged."""
	if not is_admin():
		frappe.throw(_("Only an admin may see a whole document number."), frappe.PermissionError)
	frappe.get_doc("Client", client).check_permission("read")
	from case_management.services.access_log import log_access

	log_access("Identity document shown", clients=[client])
	return get_decrypted_password("Client", client, FIELD, raise_exception=False) or ""


def merge_decision(survivor: str, other: str) -> tuple[str, dict, dict]:
	"""engine.evidence.merged_identity for two stored clients, with their rows and numbers."""
	rows = {
		r.name: r
		for r in frappe.get_all(
			"Client", filters={"name": ("in", [survivor, other])}, fields=["name", *IDENTITY_FIELDS]
		)
	}
	numbers = numbers_of([survivor, other])

	def ids(name):
		row = rows.get(name)
		return evidence.identities(row.id_type, numbers.get(name)) if row and row.id_type else ()

	return evidence.merged_identity(ids(survivor), ids(other)), rows, numbers


def documents_conflict(a: str, b: str) -> bool:
	"""Two documents of one type with different numbers: the review shows it, a merge needs an
	admin's reason. Says nothing of the numbers."""
	return merge_decision(a, b)[0] == "conflict"


def document_for_merge(survivor: str, other: str, override_reason: str | None) -> dict:
	"""What a merge does with the two records' documents (engine.evidence.merged_identity):
	{"carry": the other's values to put on the survivor, or {}; "override": the reason when an
	admin merged two conflicting documents}. Two conflicting documents block the merge unless
	an admin gives a reason."""
	decision, rows, numbers = merge_decision(survivor, other)
	if decision == "conflict":
		reason = (override_reason or "").strip()
		if not reason or not is_admin():
			frappe.throw(
				_(
					"The two records carry different identity documents of the same type: they may be two "
					"people. Only an admin may merge them, giving a reason."
				),
				title=_("Cannot merge"),
			)
		return {"carry": {}, "override": reason}
	if decision == "other":
		row = rows[other]
		return {
			"carry": {
				"id_type": row.id_type,
				FIELD: numbers[other],
				"id_data_quality": row.id_data_quality,
			},
			"override": None,
		}
	return {"carry": {}, "override": None}


def take_token(client: str) -> str | None:
	"""Remove a record's encrypted number and return it as it was stored (still encrypted),
	so that a merge can keep it in its log for an undo; frappe.rename_doc would otherwise
	move it onto the survivor's own."""
	auth = Table("__Auth")
	where = (auth.doctype == "Client") & (auth.name == client) & (auth.fieldname == FIELD)
	token = frappe.qb.from_(auth).select(auth.password).where(where).run()
	frappe.qb.from_(auth).delete().where(where).run()
	return token[0][0] if token else None


def put_token(client: str, token: str | None) -> None:
	"""Give a record back the encrypted number take_token removed (an undone merge)."""
	if token:
		from frappe.utils.password import set_encrypted_password

		set_encrypted_password("Client", client, decrypt(token), FIELD)


def on_deletion_request(doc, method=None) -> None:
	"""A personal-data deletion under way (its steps are added as it starts redacting, see
	hooks.user_data_fields): remove the encrypted document numbers of the clients it covers,
	which Frappe's redaction of the Client columns does not reach."""
	if not doc.get("deletion_steps") or doc.status == "Deleted":
		return
	clients = frappe.get_all("Client", filters={"email": doc.email}, pluck="name")
	if clients:
		auth = Table("__Auth")
		frappe.qb.from_(auth).delete().where(
			(auth.doctype == "Client") & (auth.fieldname == FIELD) & auth.name.isin(clients)
		).run()
