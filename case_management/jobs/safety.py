"""Delivering a safety alert on the queue (enqueued by services.safety)."""

import frappe

from case_management.jobs.runner import retry_on_deadlock
from case_management.services import safety


def deliver(alert: str) -> None:
	"""Send every recipient that is due, then flag the alert if a recipient ran out of tries.

	Texts that have left are put on record (committed) before anything else can fail, so a
	later failure never sends them again. Flagging writes ToDos for people whom other
	alerts' workers may be flagging at the same moment; when the database picks this worker
	as a deadlock victim, it flags again (flagging is idempotent)."""
	flags = safety.send_due(alert)
	# Commit what was sent before flagging: a deadlock while flagging rolls back the whole
	# transaction, and the texts that left must stay on record so that no retry resends them.
	frappe.db.commit()
	for flag_args in flags:
		retry_on_deadlock(lambda flag_args=flag_args: safety.flag(alert, **flag_args))
