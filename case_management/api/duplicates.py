"""Duplicate clients: the check at intake, and the review queue's actions."""

import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from case_management.api.intake import MAX_SEARCH_LENGTH, mask_phone
from case_management.engine.inputs import date_problem
from case_management.engine.intake_search import search_problem
from case_management.engine.merging import MERGE_FIELDS, default_choices, differing_fields
from case_management.engine.names import clean_name
from case_management.services import duplicates, identity
from case_management.services.access_log import count_search, log_access
from case_management.services.duplicates import likely_duplicates_of

REVIEWER_ROLES = {"Case Supervisor", "Case Management Admin"}


@frappe.whitelist(methods=["GET", "POST"])
def likely_duplicates(
	first_name: str | None = None,
	last_name: str | None = None,
	date_of_birth: str | None = None,
	phone: str | None = None,
	email: str | None = None,
	address_line1: str | None = None,
	postal_code: str | None = None,
	exclude: str | None = None,
) -> list[dict]:
	"""Existing clients that are likely the person being registered, before it is saved.

	For staff who register clients. Like the intake search it works across caseloads, so it
	asks as much of a search (a first and a last name, or a name with the birth date: a phone
	or an address alone never runs it), counts against the same hourly limit and is kept in
	the Client Access Log. It returns only what identifies a person: name, birth date and
	score. The reasons and the phone's last digits are shown only for records the user may
	open (`can_open`), so the hint never confirms a guessed phone, email or address of
	someone in another caseload.
	"""
	frappe.has_permission("Client", "create", throw=True)
	if date_of_birth:
		if date_problem(date_of_birth):
			frappe.throw(_("{0} is not a date.").format(frappe.bold(frappe.utils.escape_html(date_of_birth))))
		date_of_birth = frappe.utils.getdate(date_of_birth)
	if any(
		len(v or "") > MAX_SEARCH_LENGTH
		for v in (first_name, last_name, phone, email, address_line1, postal_code)
	):
		frappe.throw(_("Search with at most {0} characters per field.").format(MAX_SEARCH_LENGTH))
	words = clean_name(f"{first_name or ''} {last_name or ''}").split()
	if search_problem(words, bool(date_of_birth), has_phone=False):
		return []  # the form asks again as the caseworker types; not enough yet to look
	count_search()
	values = {
		"first_name": first_name,
		"last_name": last_name,
		"date_of_birth": date_of_birth,
		"phone": phone,
		"email": email,
		"address_line1": address_line1,
		"postal_code": postal_code,
	}
	matches = likely_duplicates_of(values, exclude=exclude)[:10]
	log_access(
		"Duplicate hint",
		{"first_name": first_name, "last_name": last_name, "date_of_birth": date_of_birth},
		[m["name"] for m in matches],
	)
	if not matches:
		return []
	rows = {
		r.name: r
		for r in frappe.get_all(
			"Client",
			filters={"name": ("in", [m["name"] for m in matches])},
			fields=["name", "full_name", "date_of_birth", "phone"],
		)
	}
	for m in matches:
		row = rows[m["name"]]
		can_open = frappe.has_permission("Client", "read", m["name"])
		m.update(full_name=row.full_name, date_of_birth=row.date_of_birth, can_open=can_open)
		if can_open:
			m["phone"] = mask_phone(row.phone)
		else:
			m["reasons"] = [_("likely the same person: ask a supervisor before registering again")]
	return matches


def reviewable(candidate: str, ptype: str = "read"):
	"""The candidate, if the user reviews duplicates and may see both of its clients."""
	if not REVIEWER_ROLES.intersection(frappe.get_roles()):
		frappe.throw(_("Only case supervisors and admins review duplicates."), frappe.PermissionError)
	doc = frappe.get_doc("Duplicate Candidate", candidate)
	doc.check_permission(ptype)
	return doc


BOOKKEEPING = {"Duplicate Candidate", "Client Merge Log", "Client Access Log", "Version"}


@frappe.whitelist(methods=["GET"])
def compare_pair(candidate: str) -> dict:
	"""The two records side by side: their fields, which differ, the default choice for each,
	and how many documents hang off each record."""
	doc = reviewable(candidate)
	records = {}
	for side in ("client_a", "client_b"):
		name = doc.get(side)
		values = frappe.db.get_value(
			"Client",
			name,
			["name", "full_name", "creation", "disabled", *MERGE_FIELDS, "id_type", "id_number_masked"],
			as_dict=True,
		)
		if values:
			values["linked"] = {
				doctype: sum(len(names) for names in fields.values())
				for doctype, fields in duplicates.references_to(name).items()
				if doctype not in BOOKKEEPING  # the review queue itself is not the client's history
			}
		records[side] = values
	a, b = records["client_a"], records["client_b"]
	same_record = doc.client_a == doc.client_b
	return {
		"candidate": doc.name,
		"status": doc.status,
		"score": doc.score,
		"reasons": (doc.reasons or "").splitlines(),
		"fields": list(MERGE_FIELDS),
		"labels": {f: _(frappe.get_meta("Client").get_label(f)) for f in MERGE_FIELDS},
		"client_a": a,
		"client_b": None if same_record else b,
		"differing": differing_fields(a, b) if a and b and not same_record else [],
		"defaults": keep_defaults(a, b) if a and b and not same_record else {},
		"merge_log": doc.merge_log,
		# two documents of one type that differ: the merge needs an admin's reason
		"identity_conflict": bool(
			a and b and not same_record and identity.documents_conflict(a.name, b.name)
		),
	}


def keep_defaults(a: dict, b: dict) -> dict:
	"""For each possible survivor: field -> the record whose value the merge keeps by default."""
	out = {}
	for survivor, other in ((a, b), (b, a)):
		choices = default_choices(survivor, other)
		out[survivor.name] = {
			f: (survivor.name if side == "survivor" else other.name) for f, side in choices.items()
		}
	return out


@frappe.whitelist(methods=["POST"])
def mark_not_duplicate(candidate: str) -> dict:
	"""Two different people: remembered, and the pair is never proposed again."""
	doc = reviewable(candidate, "write")
	if doc.status != "Open":
		frappe.throw(_("This pair is already marked {0}.").format(_(doc.status)), title=_("Already reviewed"))
	doc.db_set(
		{"status": "Not a duplicate", "reviewed_by": frappe.session.user, "reviewed_on": now_datetime()}
	)
	return {"status": doc.status}


@frappe.whitelist(methods=["POST"])
def merge_clients(
	candidate: str, survivor: str, choices: dict | str | None = None, override_reason: str | None = None
) -> dict:
	"""Merge the pair into `survivor`, taking field by field the values in `choices`
	({field: "survivor" | "other"}; unnamed fields take the defaults of engine.merging).
	Two different identity documents of one type block the merge unless an admin gives
	`override_reason`."""
	doc = reviewable(candidate, "write")
	if isinstance(choices, str):
		try:
			choices = json.loads(choices or "{}")
		except ValueError:
			frappe.throw(_("The merge choices are not readable."), title=_("Cannot merge"))
	if choices is not None and not isinstance(choices, dict):
		frappe.throw(_("The merge choices are not readable."), title=_("Cannot merge"))
	for name in {doc.client_a, doc.client_b}:
		if frappe.db.exists("Client", name):
			frappe.get_doc("Client", name).check_permission("write")
	log = duplicates.merge(doc.name, survivor, choices, override_reason=override_reason)
	return {"merge_log": log.name, "survivor": log.survivor, "merged_client": log.merged_client}


@frappe.whitelist(methods=["POST"])
def undo_merge(merge_log: str) -> dict:
	"""Undo a merge: the removed client comes back and its documents return to it."""
	if not REVIEWER_ROLES.intersection(frappe.get_roles()):
		frappe.throw(_("Only case supervisors and admins undo merges."), frappe.PermissionError)
	log = frappe.get_doc("Client Merge Log", merge_log)
	log.check_permission("read")
	if frappe.db.exists("Client", log.survivor):
		frappe.get_doc("Client", log.survivor).check_permission("write")
	log = duplicates.undo_merge(log.name)
	return {"status": log.status, "restored": log.merged_client, "notes": log.undo_notes}


@frappe.whitelist(methods=["POST"])
def run_duplicate_check() -> dict:
	"""Run the nightly duplicate check now, in the background."""
	frappe.has_permission("Duplicate Candidate", "write", throw=True)
	frappe.enqueue(
		"case_management.jobs.duplicates.start_run", queue="long", job_id="duplicate-check", deduplicate=True
	)
	return {"queued": True}
