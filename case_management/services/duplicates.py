"""Duplicate clients, the Frappe side: read clients in the matcher's shape, keep the review
queue, and merge (and undo a merge) with every linked document moved.

The rules are in the engine: who is the same person and why (engine.matching), which stored
records to compare a new registration with (engine.blocking), and which values a merged
record keeps (engine.merging). This module only reads, writes and logs.
"""

import json

import frappe
from frappe import _
from frappe.model.dynamic_links import get_dynamic_link_map
from frappe.model.rename_doc import get_link_fields, rename_doc
from frappe.query_builder import DocType, Field
from frappe.query_builder.functions import Coalesce, Min
from frappe.utils import getdate, now_datetime

from case_management.engine.blocking import birth_date_variants, given_name_variants
from case_management.engine.matching import find_duplicates
from case_management.engine.merging import MERGE_FIELDS, MergeError, merged_values, restorable
from case_management.engine.names import search_key
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone
from case_management.services import enrolment, identity
from case_management.utils import phone_region

NEW = "__new__"  # the id a registration not yet saved goes by in the matcher
MAX_CANDIDATES = 200

CLIENT = DocType("Client")
MEMBER = DocType("Household Member")
# Client columns as the matcher's record fields.
MATCH_COLUMNS = (
	CLIENT.name.as_("id"),
	CLIENT.first_name,
	CLIENT.last_name,
	CLIENT.date_of_birth,
	CLIENT.phone,
	CLIENT.email,
	CLIENT.address_line1.as_("address"),
	CLIENT.city,
	CLIENT.postal_code,
	CLIENT.id_type,
)


# --- finding ---------------------------------------------------------------------------------


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
		"id_type": values.get("id_type"),
		"id_number": identity_number(values),
	}


def identity_number(values: dict) -> str | None:
	"""The document number of a form being filled in, or of a stored client (decrypted)."""
	number, name = values.get("id_number"), values.get("name")
	if not values.get("id_type") or not number:
		return None
	if set(str(number)) == {"*"}:  # asterisks stand for the stored number
		return identity.numbers_of([name]).get(name) if name else None
	return number


def candidates_for(record: dict, exclude: str | None = None) -> list[dict]:
	"""Stored, enabled clients that share an indexed key with `record` (engine.blocking)."""
	c = CLIENT
	keys = []
	if record.get("date_of_birth"):
		keys.append(c.date_of_birth.isin(birth_date_variants(record["date_of_birth"])))
	phones = set()
	for raw in (record.get("phone"), record.get("alternate_phone")):
		try:
			phones.add(normalize_phone(raw, phone_region()))
		except InvalidPhoneNumber:
			pass
	phones.discard(None)
	if phones:
		keys += [c.phone.isin(sorted(phones)), c.alternate_phone.isin(sorted(phones))]
	if (record.get("email") or "").strip():
		keys.append(c.email == record["email"].strip())
	last, firsts = search_key(record.get("last_name")), given_name_variants(record.get("first_name"))
	if last and firsts:
		# the database collation ignores case and accents, like search_key
		keys.append((c.last_name == last) & c.first_name.isin(list(firsts)))
		keys.append((c.first_name == last) & c.last_name.isin(list(firsts)))  # names swapped
	if not keys:
		return []
	shares_a_key = keys[0]
	for key in keys[1:]:
		shares_a_key |= key
	rows = (
		frappe.qb.from_(c)
		.select(*MATCH_COLUMNS)
		.where((c.disabled == 0) & (c.name != (exclude or "")) & shares_a_key)
		.limit(MAX_CANDIDATES)
		.run(as_dict=True)
	)
	return identity.with_identities(rows)


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


def all_client_records() -> list[dict]:
	"""Every enabled client in the matcher's shape, with its household, in one query.

	A client's household is the head client of the household they are listed in, or their own
	id when they head one: the matcher never pairs two people of one household."""
	c, listed, heads = CLIENT, MEMBER.as_("listed"), MEMBER.as_("heads")
	head_of_listing = frappe.qb.from_(listed).select(Min(listed.client)).where(listed.member_client == c.name)
	heads_one = frappe.qb.from_(heads).select(c.name).where(heads.client == c.name).limit(1)
	rows = (
		frappe.qb.from_(c)
		.select(*MATCH_COLUMNS, Coalesce(head_of_listing, heads_one).as_("household_id"))
		.where(c.disabled == 0)
		.run(as_dict=True)
	)
	return identity.with_identities(rows)


def known_pairs(pairs: list[tuple[str, str]] | None = None) -> set[tuple[str, str]]:
	"""Pairs already in the review queue, whatever their status (both orders count: after a
	merge moved a candidate onto the survivor, its two links may be in either order)."""
	candidate = DocType("Duplicate Candidate")
	query = frappe.qb.from_(candidate).select(candidate.client_a, candidate.client_b)
	if pairs is not None:
		if not pairs:
			return set()
		ids = sorted({i for pair in pairs for i in pair})
		query = query.where(candidate.client_a.isin(ids) | candidate.client_b.isin(ids))
	return {tuple(sorted(row)) for row in query.run()}


def record_candidates(matches: list[dict], source: str) -> list[str]:
	"""Add the pairs of `matches` ({a, b, score, reasons}) that the queue has never seen, in
	one bulk insert; a pair once reviewed (merged or not a duplicate) is never proposed again."""
	pairs = [tuple(sorted((m["a"], m["b"]))) for m in matches]
	known = known_pairs(pairs)
	fresh, seen = [], set()
	for m, pair in zip(matches, pairs, strict=True):
		if pair in known or pair in seen:
			continue
		seen.add(pair)
		fresh.append((pair, m))
	if not fresh:
		return []
	names_by_id = dict(
		frappe.get_all(
			"Client",
			filters={"name": ("in", [i for pair, _m in fresh for i in pair])},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	now, user = now_datetime(), frappe.session.user
	rows, names = [], []
	for (a, b), m in fresh:
		name = frappe.generate_hash(length=10)
		names.append(name)
		reasons = m["reasons"] if isinstance(m["reasons"], str) else "\n".join(m["reasons"])
		rows.append(
			(name, now, now, user, user, a, names_by_id.get(a), b, names_by_id.get(b), m["score"], reasons)
			+ ("Open", source)
		)
	fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"client_a",
		"client_a_name",
		"client_b",
		"client_b_name",
		"score",
		"reasons",
		"status",
		"source",
	]
	frappe.db.bulk_insert("Duplicate Candidate", fields, rows)
	return names


def record_intake_candidates(client) -> list[str]:
	"""After a client is saved: put the likely existing records in the review queue at once."""
	matches = likely_duplicates_of(client.as_dict(), exclude=client.name)
	return record_candidates(
		[{"a": client.name, "b": m["name"], "score": m["score"], "reasons": m["reasons"]} for m in matches],
		"Intake",
	)


# --- merging ---------------------------------------------------------------------------------


def client_values(name: str) -> dict:
	return frappe.db.get_value(
		"Client",
		name,
		["name", "creation", "disabled", *MERGE_FIELDS, *identity.IDENTITY_FIELDS],
		as_dict=True,
	)


def references_to(client: str) -> dict[str, dict[str, list[str]]]:
	"""Every document that points at `client`, as {doctype: {field: [names]}}: the same link
	and dynamic-link fields frappe.rename_doc moves, plus attachments and versions."""
	found: dict[str, dict[str, list[str]]] = {}

	def add(doctype, field, names):
		if names:
			found.setdefault(doctype, {})[field] = names

	for link in get_link_fields("Client"):
		if link["issingle"]:
			continue
		table = DocType(link["parent"])
		add(
			link["parent"],
			link["fieldname"],
			frappe.qb.from_(table)
			.select(table.name)
			.where(Field(link["fieldname"]) == client)
			.run(pluck=True),
		)
	for df in get_dynamic_link_map().get("Client", []):
		if frappe.get_meta(df.parent).issingle:
			continue
		table = DocType(df.parent)
		add(
			df.parent,
			df.fieldname,
			frappe.qb.from_(table)
			.select(table.name)
			.where((Field(df.options) == "Client") & (Field(df.fieldname) == client))
			.run(pluck=True),
		)
	file, version = DocType("File"), DocType("Version")
	add(
		"File",
		"attached_to_name",
		frappe.qb.from_(file)
		.select(file.name)
		.where((file.attached_to_doctype == "Client") & (file.attached_to_name == client))
		.run(pluck=True),
	)
	add(
		"Version",
		"docname",
		frappe.qb.from_(version)
		.select(version.name)
		.where((version.ref_doctype == "Client") & (version.docname == client))
		.run(pluck=True),
	)
	return found


def refresh_client_copies(client: str) -> None:
	"""Documents keep copies of their client's fields (fetch_from: name, phone, consent …).
	After a merge or an undo, make them say what the client record now says — a visit must
	not text a number, or trust a consent, that belonged to the removed record."""
	values = frappe.db.get_value("Client", client, "*", as_dict=True)
	if not values:
		return
	for doctype in frappe.get_all(
		"DocType", filters={"module": "Case Management", "istable": 0}, pluck="name"
	):
		meta = frappe.get_meta(doctype)
		if meta.issingle:
			continue
		for df in meta.fields:
			link, _dot, source = (df.fetch_from or "").partition(".")
			target = meta.get_field(link) if link else None
			if not source or not target:
				continue
			table = DocType(doctype)
			if target.fieldtype == "Link" and target.options == "Client":
				frappe.qb.update(table).set(df.fieldname, values.get(source)).where(
					Field(link) == client
				).run()
			elif target.fieldtype == "Link" and target.options == "Case" and source == "client_name":
				case = DocType("Case")
				cases = frappe.qb.from_(case).select(case.name).where(case.client == client)
				frappe.qb.update(table).set(df.fieldname, values.full_name).where(
					Field(link).isin(cases)
				).run()


def check_mergeable(survivor: dict | None, other: dict | None, survivor_name: str, other_name: str) -> None:
	if survivor_name == other_name:
		frappe.throw(_("A client record cannot be merged into itself."), title=_("Cannot merge"))
	for name, values in ((survivor_name, survivor), (other_name, other)):
		if not values:
			frappe.throw(_("Client {0} no longer exists.").format(name), title=_("Cannot merge"))
		if values.disabled:
			frappe.throw(
				_("Client {0} is disabled: disabled records cannot take part in a merge.").format(name),
				title=_("Cannot merge"),
			)


def merge(
	candidate: str,
	survivor: str,
	choices: dict | None = None,
	automatic: bool = False,
	override_reason: str | None = None,
) -> "frappe.model.document.Document":
	"""Merge the candidate's other client into `survivor`; returns the Client Merge Log.

	The survivor keeps its identity document, or takes the other's when it has none; two
	documents of one type with different numbers block the merge unless an admin gives
	`override_reason` (kept in the log; the survivor keeps its own, the other's stays in the
	log, encrypted, for an undo).

	Everything happens in the caller's transaction: if any step fails, nothing is kept.
	The caller has checked that the user may merge these two records."""
	pair = frappe.get_doc("Duplicate Candidate", candidate, for_update=True)
	if pair.status != "Open":
		frappe.throw(
			_("This pair is already marked {0}.").format(_(pair.status)), title=_("Already reviewed")
		)
	if survivor not in (pair.client_a, pair.client_b):
		frappe.throw(_("Choose one of the pair's two records to keep."), title=_("Cannot merge"))
	other = pair.client_b if survivor == pair.client_a else pair.client_a
	kept, removed = client_values(survivor), client_values(other)
	check_mergeable(kept, removed, survivor, other)
	enrolment.check_merge(survivor, other)  # at most one open enrolment per program
	try:
		updates = merged_values(kept, removed, choices)
	except MergeError as e:
		frappe.throw(_("The merge choices cannot be used: {0}").format(str(e)), title=_("Cannot merge"))
	document = identity.document_for_merge(survivor, other, None if automatic else override_reason)
	carried_number = document["carry"].pop(identity.FIELD, None)
	updates.update(document["carry"])  # the type and data quality; the number is set apart below

	removed_doc = frappe.get_doc("Client", other)
	merged_data = removed_doc.as_dict(no_default_fields=False)
	relinked = references_to(other)
	assign_before = frappe.db.get_value("Client", survivor, "_assign")
	merged_data["_assign"] = frappe.db.get_value("Client", other, "_assign")
	token = identity.take_token(other)  # still encrypted; rename_doc must not move it

	frappe.flags.merging_client = other  # lets rename_doc delete the removed record, see Client
	try:
		# Frappe's own merge; the caller has checked that the reviewer may see both records.
		rename_doc(
			"Client",
			other,
			survivor,
			merge=True,
			ignore_permissions=True,
			show_alert=False,
			rebuild_search=False,
		)
	finally:
		frappe.flags.merging_client = None

	kept_doc = frappe.get_doc("Client", survivor)
	kept_doc.update(updates)
	if carried_number:
		kept_doc.set(identity.FIELD, carried_number)
	present = {(c.full_name, c.phone) for c in kept_doc.emergency_contacts}
	added = []
	for contact in removed_doc.emergency_contacts:
		if (contact.full_name, contact.phone) in present:
			continue
		row = kept_doc.append("emergency_contacts", contact.as_dict(no_default_fields=True))
		added.append(row)
	kept_doc.flags.ignore_permissions = automatic  # the nightly job merges as the system
	kept_doc.save()
	refresh_client_copies(survivor)

	log = frappe.get_doc(
		{
			"doctype": "Client Merge Log",
			"status": "Merged",
			"survivor": survivor,
			"survivor_name": kept_doc.full_name,
			"merged_client": other,
			"merged_client_name": removed_doc.full_name,
			"candidate": pair.name,
			"merged_by": frappe.session.user,
			"merged_on": now_datetime(),
			"automatic": int(automatic),
			"identity_override": document["override"],
			"merged_data": frappe.as_json(merged_data),
			"survivor_changes": frappe.as_json(
				{
					"before": {f: kept.get(f) for f in updates},
					"applied": updates,
					"contacts_added": [row.name for row in added],
					"assign_before": assign_before,
					"identity_token": token,
					"identity_carried": bool(carried_number),
				}
			),
			"relinked": frappe.as_json(relinked),
		}
	)
	# The log is the system's record of the merge; no user writes it by hand.
	log.insert(ignore_permissions=True)
	frappe.db.set_value(
		"Duplicate Candidate",
		pair.name,
		{
			"status": "Merged",
			"reviewed_by": frappe.session.user,
			"reviewed_on": now_datetime(),
			"merge_log": log.name,
		},
	)
	return log


def keep_series_past(name: str) -> None:
	"""Frappe turns a naming series back when the newest record of it is deleted, as a merge
	deletes the removed client; once an undo brings that record back, the series must move
	past it again, or the next registration would be given its name."""
	prefix, _dash, digits = name.rpartition("-")
	if not digits.isdigit():
		return
	series = DocType("Series")
	frappe.qb.update(series).set(series.current, int(digits)).where(
		(series.name == f"{prefix}-") & (series.current < int(digits))
	).run()


def undo_merge(log_name: str) -> "frappe.model.document.Document":
	"""Bring the removed client back with its data and move back every document the merge
	moved; the survivor's fields return to their earlier values unless edited since."""
	log = frappe.get_doc("Client Merge Log", log_name, for_update=True)
	if log.status != "Merged":
		frappe.throw(_("This merge has already been undone."), title=_("Cannot undo"))
	if not frappe.db.exists("Client", log.survivor):
		later = frappe.db.get_value(
			"Client Merge Log", {"merged_client": log.survivor, "status": "Merged"}, ["name", "survivor"]
		)
		if later:
			frappe.throw(
				_("Client {0} was itself merged into {1} since ({2}); undo that merge first.").format(
					log.survivor, later[1], later[0]
				),
				title=_("Cannot undo"),
			)
		frappe.throw(_("Client {0} no longer exists.").format(log.survivor), title=_("Cannot undo"))
	if frappe.db.exists("Client", log.merged_client):
		frappe.throw(
			_("A client named {0} exists again; this merge cannot be undone.").format(log.merged_client),
			title=_("Cannot undo"),
		)

	data = json.loads(log.merged_data)
	changes = json.loads(log.survivor_changes)
	relinked = json.loads(log.relinked)

	restored = frappe.get_doc(data)
	restored.flags.ignore_links = True
	restored.flags.ignore_validate = True  # the record is put back exactly as it was
	# Put back by the system: the removed record's own owner and dates come with it.
	restored.db_insert()
	for child in restored.get_all_children():
		child.db_insert()
	identity.put_token(log.merged_client, changes.get("identity_token"))
	keep_series_past(log.merged_client)
	frappe.db.set_value("Client", log.merged_client, "_assign", data.get("_assign"), update_modified=False)

	for doctype, fields in relinked.items():
		if not frappe.db.table_exists(doctype):
			continue
		table = DocType(doctype)
		for field, names in fields.items():
			frappe.qb.update(table).set(field, log.merged_client).where(
				table.name.isin(names) & (Field(field) == log.survivor)
			).run()

	survivor = frappe.get_doc("Client", log.survivor)
	restore, edited_since = restorable(changes["before"], changes["applied"], survivor.as_dict())
	survivor.update(restore)
	if changes.get("identity_carried") and "id_type" in restore:
		survivor.set(identity.FIELD, "")  # the carried number goes back with its record
	added = set(changes.get("contacts_added") or [])
	survivor.set("emergency_contacts", [c for c in survivor.emergency_contacts if c.name not in added])
	survivor.flags.ignore_permissions = True  # the undo itself was authorised by the caller
	survivor.save()
	frappe.db.set_value(
		"Client", log.survivor, "_assign", changes.get("assign_before"), update_modified=False
	)
	refresh_client_copies(log.survivor)
	refresh_client_copies(log.merged_client)

	notes = ""
	if edited_since:
		notes = _("Left as edited after the merge: {0}").format(", ".join(edited_since))
	log.db_set(
		{
			"status": "Undone",
			"undone_by": frappe.session.user,
			"undone_on": now_datetime(),
			"undo_notes": notes,
		}
	)
	if log.candidate and frappe.db.exists("Duplicate Candidate", log.candidate):
		frappe.db.set_value(
			"Duplicate Candidate",
			log.candidate,
			{
				"status": "Open",
				"reviewed_by": None,
				"reviewed_on": None,
				"merge_log": None,
			},
		)
	return log
