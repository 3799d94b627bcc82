"""The nightly duplicate check: every enabled client against every other, by the engine's
matcher, filling the Duplicate Candidate review queue.

Matching needs the whole client list at once (blocking groups records from anywhere in it),
so the run reads the clients in one query and matches them in memory — 11 to 15 seconds of
CPU per 100,000 clients, at 100,000 as at a million (benchmarks/matching_scale.py). The
pairs it finds are then written, and merged automatically when the
settings allow it, in chunks on the `long` queue, each chunk its own transaction. Pairs the
queue has seen before, whatever their status, are never proposed again, so a second run in
a row adds nothing.
"""

import json

import frappe
from frappe.utils import flt, today

from case_management.engine.matching import find_duplicates
from case_management.engine.merging import pick_survivor
from case_management.jobs import runner
from case_management.services import duplicates
from case_management.utils import phone_region


def run_nightly():
	"""Scheduler entry point (daily_long)."""
	start_run()


def start_run(now: bool = False) -> str:
	matches = find_duplicates(duplicates.all_client_records(), region=phone_region())
	known = duplicates.known_pairs()
	items = [json.dumps([m.a, m.b, m.score, list(m.reasons)]) for m in matches if (m.a, m.b) not in known]
	return runner.start(
		"Duplicate check", today(), items, "case_management.jobs.duplicates.run_chunk", now=now
	)


def run_chunk(run: str, names: list[str]) -> None:
	matches = [dict(zip(("a", "b", "score", "reasons"), json.loads(item), strict=True)) for item in names]
	created = duplicates.record_candidates(matches, "Nightly check")
	merged, skipped = auto_merge(created)
	runner.finish_chunk(run, len(names), len(created), merged, skipped)
	frappe.db.commit()  # one chunk, one transaction: a crash loses at most this chunk


def auto_merge(candidates: list[str]) -> tuple[int, dict[str, list[str]]]:
	"""Merge the new pairs scoring at or above the settings' threshold (0: never)."""
	threshold = flt(frappe.db.get_single_value("Case Management Settings", "auto_merge_threshold"))
	if not threshold or not candidates:
		return 0, {}
	rows = frappe.get_all(
		"Duplicate Candidate",
		filters={"name": ("in", candidates), "score": (">=", threshold), "status": "Open"},
		fields=["name", "client_a", "client_b"],
		order_by="score desc",
	)
	merged, skipped = 0, {}
	for row in rows:
		a, b = (
			frappe.db.get_value("Client", name, ["name", "creation"], as_dict=True)
			for name in (row.client_a, row.client_b)
		)
		if not (a and b):
			skipped.setdefault("a record was merged earlier in this run", []).append(row.name)
			continue
		survivor, _other = pick_survivor(a, b)
		frappe.db.savepoint("auto_merge")
		try:
			duplicates.merge(row.name, survivor["name"], automatic=True)
			merged += 1
		except frappe.ValidationError as e:
			frappe.db.rollback(save_point="auto_merge")
			frappe.clear_messages()
			skipped.setdefault(str(e) or "the merge was refused", []).append(row.name)
	return merged, skipped
