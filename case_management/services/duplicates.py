"""Duplicate clients, the Frappe side: read clients in the matcher's shape and ask the engine.

The rules (who is the same person, and why) are in engine.matching; which stored records are
worth comparing with a new registration is in engine.blocking.
"""

import frappe
from frappe.utils import getdate

from case_management.engine.blocking import birth_date_variants, given_name_variants
from case_management.engine.matching import find_duplicates
from case_management.engine.names import search_key
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone
from case_management.utils import phone_region

NEW = "__new__"  # the id a registration not yet saved goes by in the matcher
MAX_CANDIDATES = 200

# Client columns as the matcher's record fields.
MATCH_COLUMNS = """c.name as id, c.first_name, c.last_name, c.date_of_birth, c.phone, c.email,
	c.address_line1 as address, c.city, c.postal_code"""


def as_record(values: dict) -> dict:
	"""A client's fields (a form being filled in, or a stored row) in the matcher's shape."""
	dob = values.get("date_of_birth")
	return {
		"id": values.get("name") or NEW,
		"first_name": values.get("first_name"),
		"last_name": values.get("last_name"),
		"date_of_birth": getdate(dob) if dob else None,
		"phone": values.get("phone"),
		"email": values.get("email"),
		"address": values.get("address_line1"),
		"city": values.get("city"),
		"postal_code": values.get("postal_code"),
	}


def candidates_for(record: dict, exclude: str | None = None) -> list[dict]:
	"""Stored, enabled clients that share an indexed key with `record` (engine.blocking)."""
	keys = []
	params: dict = {"exclude": exclude or "", "limit": MAX_CANDIDATES}
	if record.get("date_of_birth"):
		keys.append("c.date_of_birth in %(dobs)s")
		params["dobs"] = tuple(birth_date_variants(record["date_of_birth"]))
	phones = set()
	for raw in (record.get("phone"), record.get("alternate_phone")):
		try:
			phones.add(normalize_phone(raw, phone_region()))
		except InvalidPhoneNumber:
			pass
	phones.discard(None)
	if phones:
		keys += ["c.phone in %(phones)s", "c.alternate_phone in %(phones)s"]
		params["phones"] = tuple(phones)
	if (record.get("email") or "").strip():
		keys.append("c.email = %(email)s")
		params["email"] = record["email"].strip()
	last, firsts = search_key(record.get("last_name")), given_name_variants(record.get("first_name"))
	if last and firsts:
		# the database collation ignores case and accents, like search_key
		keys.append("(c.last_name = %(last)s and c.first_name in %(firsts)s)")
		keys.append("(c.first_name = %(last)s and c.last_name in %(firsts)s)")  # names swapped
		params.update(last=last, firsts=tuple(firsts))
	if not keys:
		return []
	return frappe.db.sql(
		f"""select {MATCH_COLUMNS} from `tabClient` c
		where c.disabled = 0 and c.name != %(exclude)s and ({" or ".join(keys)})
		limit %(limit)s""",  # keys are fixed strings above; every value is a parameter
		params,
		as_dict=True,
	)


def likely_duplicates_of(values: dict, exclude: str | None = None) -> list[dict]:
	"""Stored clients that are likely the person in `values`, best first, with the reasons."""
	record = as_record(values)
	record["id"] = NEW
	candidates = candidates_for({**record, "alternate_phone": values.get("alternate_phone")}, exclude)
	if not candidates:
		return []
	matches = [m for m in find_duplicates([record, *candidates], region=phone_region()) if NEW in (m.a, m.b)]
	return [
		{"name": m.b if m.a == NEW else m.a, "score": m.score, "reasons": list(m.reasons)} for m in matches
	]
