"""Acting on the texts the webhook stored (services/inbound.py), in batches, on the `short` queue.

One job drains every message still *Received*, oldest first, acting on each one
(services/inbound_actions.act) and committing a few at a time; a failure undoes and redoes its
group one by one, so it costs that message only. At most one such job waits in the queue at a
time: the webhook queues one after its commit unless one is waiting already (a flag in Redis,
`queue_pending`); the job clears the flag before it looks for messages, so a text stored while
it runs queues the next job and none is left behind. One job a text would cost a worker a process (fork, site, imports) per text; one job for
whatever has arrived keeps up with the gateway however fast it posts.

A job lost with its worker or with Redis leaves messages *Received*: the scheduler's
`services.inbound_actions.retry_received` queues `act_pending` again for them.
"""

import time

import frappe

from case_management.jobs.runner import retry_on_deadlock
from case_management.services.inbound import RECEIVED
from case_management.services.inbound_actions import act

ACT_PENDING = "case_management.jobs.inbound.act_pending"
PENDING_FLAG = "inbound-act-pending"
# A flag whose job was lost holds back new jobs this long at most; one whose job is merely late
# lets a second job be queued, which is harmless (the first to reach a message acts on it).
FLAG_SECONDS = 60
BATCH = 100
COMMIT_EVERY = 20
RUN_SECONDS = 240  # then the job queues its successor (the short queue's timeout is 300 s)


def queue_pending() -> None:
	"""Queue a job for the messages Received, unless one is waiting already (after a commit)."""
	if frappe.cache.set(frappe.cache.make_key(PENDING_FLAG), 1, ex=FLAG_SECONDS, nx=True):
		frappe.enqueue(ACT_PENDING, queue="short")


def act_pending() -> int:
	"""Job: act on every message still Received; returns how many. Messages are committed
	COMMIT_EVERY at a time (each commit is a disk flush, which the webhook's own commits wait
	behind); when one of them fails, that group is undone and done again one message at a time,
	so a failing message is logged, left Received for the scheduler's retry and not tried again
	in this run, and the others are kept."""
	frappe.cache.delete(frappe.cache.make_key(PENDING_FLAG))  # from now on, a new text queues a job
	ends, done, failed = time.monotonic() + RUN_SECONDS, 0, []
	while time.monotonic() < ends:
		names = pending(failed)
		if not names:
			return done
		for start in range(0, len(names), COMMIT_EVERY):
			group = names[start : start + COMMIT_EVERY]
			try:
				for name in group:
					act(name)
				frappe.db.commit()  # the group at once
				done += len(group)
			except Exception:
				frappe.db.rollback()
				for name in group:
					if one_by_one(name):
						done += 1
					else:
						failed.append(name)
	queue_pending()  # out of time with texts left: the next job goes on
	return done


def one_by_one(name: str) -> bool:
	try:
		retry_on_deadlock(lambda: act(name))
		frappe.db.commit()  # this message on its own: a later failure does not undo it
		return True
	except Exception:
		frappe.db.rollback()
		frappe.log_error(
			title="Inbound text not acted on", reference_doctype="Inbound Message", reference_name=name
		)
		frappe.db.commit()  # the error log
		return False


def pending(skip: list[str]) -> list[str]:
	filters = {"status": RECEIVED}
	if skip:
		filters["name"] = ("not in", skip)
	return frappe.get_all(
		"Inbound Message", filters=filters, pluck="name", order_by="received_at asc, name asc", limit=BATCH
	)
