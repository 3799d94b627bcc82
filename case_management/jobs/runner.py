"""Run a job over many cases in chunks, with a Case Job Run record for its progress.

A run lists the case names to work on, splits them into chunks (Case Management Settings:
cases per chunk) and queues one job per chunk on the `long` RQ queue, so any number of
workers, on any number of machines, share the work. Each chunk commits when it is done: a
crash loses at most that chunk, and because every job here is idempotent, running it again
finishes what is left. Small runs, tests and explicit `now=True` calls work inline.
"""

import json
import time
from collections import Counter

import frappe
from frappe.utils import cint, now_datetime

DEFAULT_CHUNK = 10000


def chunk_size() -> int:
	return cint(frappe.db.get_single_value("Case Management Settings", "job_chunk_size")) or DEFAULT_CHUNK


def start(job: str, run_for: str, names: list[str], chunk_method: str, *, now: bool = False, **kwargs) -> str:
	"""Create the run record and process or queue its chunks; returns the run's name."""
	size = chunk_size()
	chunks = [names[i : i + size] for i in range(0, len(names), size)] or [[]]
	run = frappe.get_doc(
		{
			"doctype": "Case Job Run",
			"job": job,
			"run_for": run_for,
			"status": "Running",
			"started_at": now_datetime(),
			"total_chunks": len(chunks),
		}
	)
	# Written by the system for the system; no user is acting.
	run.insert(ignore_permissions=True)
	inline = now or len(chunks) == 1
	if not inline:
		frappe.db.commit()  # workers must see the run before they report to it
	for index, chunk in enumerate(chunks):
		if inline:
			frappe.call(chunk_method, run=run.name, names=chunk, **kwargs)
		else:
			frappe.enqueue(
				chunk_method,
				queue="long",
				job_id=f"{run.name}-{index}",
				deduplicate=True,
				run=run.name,
				names=chunk,
				**kwargs,
			)
	return run.name


def retry_on_deadlock(work, attempts: int = 3):
	"""Run a chunk's work; when the database picks it as a deadlock victim (chunks of one run
	write the same tables at once), roll back and run it again: every chunk is idempotent."""
	for attempt in range(1, attempts + 1):
		try:
			return work()
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == attempts:
				raise
			time.sleep(0.2 * attempt)


def finish_chunk(run: str, processed: int, created: int, updated: int, skipped: dict[str, list[str]]) -> None:
	"""Add a chunk's counts to its run (atomically, whichever worker finishes first)."""
	skipped_count = sum(len(v) for v in skipped.values())
	frappe.db.sql(
		"""update `tabCase Job Run` set chunks_done = chunks_done + 1, processed = processed + %s,
		created = created + %s, updated = updated + %s, skipped = skipped + %s where name = %s""",
		(processed, created, updated, skipped_count, run),
	)
	if skipped:
		doc = frappe.db.get_value("Case Job Run", run, ["skipped_reasons"], for_update=True)
		reasons = Counter(json.loads(doc or "{}").get("counts", {}))
		examples = json.loads(doc or "{}").get("examples", {})
		for reason, cases in skipped.items():
			reasons[reason] += len(cases)
			examples.setdefault(reason, [])
			examples[reason] = (examples[reason] + cases)[:5]
		frappe.db.set_value(
			"Case Job Run",
			run,
			"skipped_reasons",
			json.dumps({"counts": reasons, "examples": examples}, indent=1),
		)
	done, total = frappe.db.get_value("Case Job Run", run, ["chunks_done", "total_chunks"])
	if done >= total:
		frappe.db.set_value("Case Job Run", run, {"status": "Completed", "finished_at": now_datetime()})
	frappe.publish_progress(done * 100 / max(total, 1), title=frappe.db.get_value("Case Job Run", run, "job"))
