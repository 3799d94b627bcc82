"""Fault drills: the app's background work under the failures an agency will meet.

Run by `scripts/fault-tests SITE`, which gives this process and its workers a Redis of their
own (so it can be restarted) and runs `run()` with `bench execute`. The drill starts real
`bench worker` processes, a fake SMS gateway (tests/sms_gateway.py) and a fake SMTP server
on loopback, and checks with counts:

1. SMS gateway down, then up: every safety alert ends Delivered, or Flagged with a ToDo for
   the caseworker when it stays down; no recipient is texted twice.
2. SMS gateway slow: the send times out, is retried, and is delivered once.
3. The outgoing Email Account's server down: the email stays queued (Not Sent, retry
   counted), is not lost, and is sent once when the server is back.
4. Redis restarted while follow-up chunks are queued: the queued jobs are gone, the run
   record shows it unfinished; a re-run completes it and a third run creates nothing.
5. Workers killed with -9 mid-chunk (monthly summaries): the chunk's writes roll back, a
   re-run completes the month with exactly one summary per case.

It commits between steps (workers only see committed rows): run it on a throw-away site.
"""

import contextlib
import json
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

import frappe
from frappe.utils import add_to_date, get_first_day, now_datetime, today

from case_management.jobs import follow_up, monthly_summary, runner
from case_management.services import safety
from case_management.tests.factories import make_case, make_client, standard_staff
from case_management.tests.sms_gateway import Gateway, configure_sms_settings

WAIT = 90  # seconds any one step may take


class SMTPSink:
	"""A minimal SMTP server that keeps what it receives; stop() makes the port refuse."""

	def __init__(self, port: int = 0):
		self.messages: list[str] = []
		sink = self

		class Handler(socketserver.StreamRequestHandler):
			def handle(self):
				self.reply("220 drill ESMTP")
				data, reading = [], False
				for raw in self.rfile:
					line = raw.decode("utf-8", "replace").rstrip("\r\n")
					if reading:
						if line == ".":
							reading = False
							sink.messages.append("\n".join(data))
							data = []
							self.reply("250 queued")
						else:
							data.append(line)
						continue
					verb = line.split(" ")[0].upper()
					if verb in ("EHLO", "HELO"):
						self.reply("250 drill")
					elif verb == "DATA":
						reading = True
						self.reply("354 go on")
					elif verb == "QUIT":
						self.reply("221 bye")
						return
					else:
						self.reply("250 ok")

			def reply(self, text):
				self.wfile.write((text + "\r\n").encode())

		socketserver.ThreadingTCPServer.allow_reuse_address = True
		self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
		self.server.daemon_threads = True
		self.port = self.server.server_address[1]
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def stop(self):
		self.server.shutdown()
		self.server.server_close()


class Drill:
	def __init__(self):
		queue = urlparse(frappe.conf.redis_queue)
		self.redis_port = queue.port
		self.workers: list[subprocess.Popen] = []
		self.results: dict = {}

	# processes -------------------------------------------------------------
	def start_workers(self, count: int = 2):
		for _ in range(count):
			self.workers.append(
				subprocess.Popen(
					[
						sys.executable,
						"-m",
						"frappe.utils.bench_helper",
						"frappe",
						"worker",
						"--queue",
						"short,long",
					],
					cwd=os.getcwd(),
					stdout=subprocess.DEVNULL,
					stderr=subprocess.DEVNULL,
				)
			)
		time.sleep(3)

	def stop_workers(self, sig=signal.SIGTERM):
		"""SIGTERM: a warm shutdown. SIGKILL: the worker and the work horse it forked for the job
		(RQ puts it in a session of its own) die at once, as when a machine goes away."""
		for worker in self.workers:
			if worker.poll() is None:
				if sig == signal.SIGKILL:
					for pid in [*children(worker.pid), worker.pid]:
						with contextlib.suppress(ProcessLookupError):  # it may end on its own meanwhile
							os.kill(pid, sig)
				else:
					worker.send_signal(sig)
		for worker in self.workers:
			try:
				worker.wait(20)
			except subprocess.TimeoutExpired:
				worker.kill()
				worker.wait()
		self.workers = []

	def restart_redis(self):
		"""Stop the drill's Redis without saving and start it again: what was queued is lost."""
		subprocess.run(
			["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"], capture_output=True, check=False
		)
		time.sleep(1)
		subprocess.run(
			["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--daemonize", "yes"],
			check=True, capture_output=True,
		)  # fmt: skip
		time.sleep(1)
		from frappe.utils.background_jobs import get_redis_conn

		get_redis_conn().ping()

	# helpers ---------------------------------------------------------------
	def wait_for(self, what: str, check) -> None:
		deadline = time.monotonic() + WAIT
		while time.monotonic() < deadline:
			frappe.db.rollback()  # a fresh snapshot: see what the workers committed
			if check():
				return
			time.sleep(0.5)
		raise AssertionError(f"timed out waiting for: {what}; failed jobs: {failed_jobs()}")

	def settings(self, **values):
		frappe.db.set_single_value("Case Management Settings", values)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
		frappe.db.commit()

	def recipients(self, alerts: list[str]) -> list[dict]:
		return frappe.get_all(
			"Safety Alert Recipient",
			filters={"parent": ("in", alerts), "parenttype": "Safety Alert"},
			fields=["parent", "phone", "status", "attempts"],
		)

	def make_due(self, alerts: list[str]):
		"""Let the backoff elapse, then run the every-minute retry as the scheduler would."""
		frappe.db.sql(
			"""update `tabSafety Alert Recipient` set next_attempt_at = %s
			where parent in %s and status = 'Pending'""",
			(add_to_date(now_datetime(), seconds=-1), tuple(alerts)),
		)
		frappe.db.commit()
		safety.retry_due()
		frappe.db.commit()

	# set-up ----------------------------------------------------------------
	def cases_with_recipients(self, count: int, tag: str) -> list[str]:
		frappe.set_user("Administrator")
		staff = self.staff
		cases = []
		for i in range(count):
			client = make_client(
				first_name=f"Drill{tag}",
				last_name=f"Client{i:02d}",
				phone=f"+1202555{len(cases) + 10 * ord(tag[0]) % 9000:04d}",
				safe_to_text=1,
				emergency_contacts=[
					{
						"full_name": f"Contact {tag}{i}",
						"phone": f"+1303555{i + 100:04d}",
						"receives_safety_alerts": 1,
					}
				],
			)
			cases.append(make_case(client.name, caseworker=staff.a).name)
		frappe.db.commit()
		return cases

	# drills ----------------------------------------------------------------
	def sms_down_then_up(self):
		gateway = self.gateway
		gateway.mode = "error"
		gateway.received.clear()
		self.settings(sms_max_attempts=3, sms_timeout_seconds=1)
		recovering = [
			safety.raise_alert(c, "Manual", note="drill") for c in self.cases_with_recipients(4, "A")
		]
		staying_down = [
			safety.raise_alert(c, "Manual", note="drill") for c in self.cases_with_recipients(2, "B")
		]
		frappe.db.commit()
		alerts = recovering + staying_down
		self.wait_for("first attempts", lambda: all(r.attempts >= 1 for r in self.recipients(alerts)))
		self.make_due(alerts)
		self.wait_for("second attempts", lambda: all(r.attempts >= 2 for r in self.recipients(alerts)))
		assert not gateway.received, "the gateway was down"
		gateway.mode = "ok"
		self.make_due(recovering)
		self.wait_for(
			"recovering alerts delivered",
			lambda: {frappe.db.get_value("Safety Alert", a, "status") for a in recovering} == {"Delivered"},
		)
		gateway.mode = "error"
		self.make_due(staying_down)
		self.wait_for(
			"failing alerts flagged",
			lambda: {frappe.db.get_value("Safety Alert", a, "status") for a in staying_down} == {"Flagged"},
		)
		sent = [(m["to"], m["text"]) for m in gateway.received]
		expected = [r for r in self.recipients(recovering)]
		assert len(sent) == len(set(sent)), "a recipient was texted twice"
		assert len(sent) == len(expected), f"{len(sent)} texts for {len(expected)} recipients"
		flags = frappe.db.count(
			"ToDo", {"reference_type": "Safety Alert", "reference_name": ("in", staying_down)}
		)
		assert flags >= len(staying_down), "a flagged alert has no ToDo"
		assert all(r.status == "Failed" for r in self.recipients(staying_down))
		self.results["sms_down_then_up"] = {
			"alerts": len(alerts),
			"delivered": len(recovering),
			"flagged": len(staying_down),
			"texts_sent": len(sent),
			"duplicates": len(sent) - len(set(sent)),
			"flag_todos": flags,
		}

	def sms_slow(self):
		gateway = self.gateway
		gateway.mode = "slow"
		gateway.received.clear()
		self.settings(sms_max_attempts=3, sms_timeout_seconds=1)
		alerts = [safety.raise_alert(c, "Manual", note="drill") for c in self.cases_with_recipients(3, "C")]
		frappe.db.commit()
		self.wait_for("timed-out attempts", lambda: all(r.attempts >= 1 for r in self.recipients(alerts)))
		assert {r.status for r in self.recipients(alerts)} == {"Pending"}
		gateway.mode = "ok"
		self.make_due(alerts)
		self.wait_for(
			"slow alerts delivered",
			lambda: {frappe.db.get_value("Safety Alert", a, "status") for a in alerts} == {"Delivered"},
		)
		sent = [(m["to"], m["text"]) for m in gateway.received]
		assert len(sent) == len(set(sent)) == len(self.recipients(alerts))
		self.results["sms_slow"] = {
			"alerts": len(alerts),
			"delivered": len(alerts),
			"texts_sent": len(sent),
			"attempts": sorted({r.attempts for r in self.recipients(alerts)}),
		}

	def email_account_failing(self):
		sink = SMTPSink()
		port = sink.port
		frappe.delete_doc("Email Account", "Fault Drill Outgoing", ignore_missing=True, force=True)
		# Another default outgoing account on the site (the confidentiality harness's canary
		# outbox) would be saved again, and checked against its absent server, when this one
		# becomes the default: stand it down first.
		frappe.db.set_value("Email Account", {"default_outgoing": 1}, "default_outgoing", 0)
		account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "Fault Drill Outgoing",
				"email_id": "drill@example.org",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": port,
				"no_smtp_authentication": 1,
				"use_tls": 0,
				"use_ssl": 0,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		sink.stop()  # the mail server goes down
		frappe.sendmail(
			recipients=["client.drill@example.org"],
			sender="drill@example.org",
			subject="Fault drill: your visit",
			message="Your visit is on Monday.",
			delayed=True,
		)
		frappe.db.commit()
		queued = frappe.db.get_value(
			"Email Queue", {"sender": ("like", "%drill@example.org%")}, "name", order_by="creation desc"
		)
		assert queued, "the email was not queued"
		try:
			frappe.get_doc("Email Queue", queued).send()  # what the queue's flush job does
		except frappe.ValidationError:
			pass  # the server refused the connection; the queue records it (below)
		else:
			raise AssertionError("sending through a server that is down did not fail")
		frappe.db.rollback()
		status, retry = frappe.db.get_value("Email Queue", queued, ["status", "retry"])
		assert status == "Not Sent" and retry == 1, f"after a failed send: {status}, retry {retry}"
		sink = SMTPSink(port)  # the server is back
		frappe.get_doc("Email Queue", queued).send()
		frappe.db.rollback()
		status = frappe.db.get_value("Email Queue", queued, "status")
		sink.stop()
		assert status == "Sent", status
		assert len(sink.messages) == 1, f"{len(sink.messages)} messages delivered"
		frappe.db.set_value("Email Account", account.name, "enable_outgoing", 0)
		frappe.db.commit()
		self.results["email_account_failing"] = {
			"queued": 1,
			"status_while_down": "Not Sent",
			"retry_counted": retry,
			"status_after_fix": status,
			"delivered": len(sink.messages),
		}

	def redis_restart(self):
		self.stop_workers()
		# Give the job work: open cases lose their scheduled visits, as after a missed month.
		frappe.db.delete("Follow-up Visit", {"status": "Scheduled", "auto_scheduled": 1})
		frappe.db.commit()
		self.settings(job_chunk_size=max(5, len(self.open_cases()) // 4 or 1))
		lost = follow_up.start_run()
		frappe.db.commit()
		self.restart_redis()
		self.start_workers()
		time.sleep(3)
		frappe.db.rollback()
		lost_run = frappe.db.get_value(
			"Case Job Run", lost, ["status", "chunks_done", "total_chunks"], as_dict=True
		)
		assert lost_run.status == "Running" and lost_run.chunks_done == 0, lost_run
		rerun = follow_up.start_run()
		frappe.db.commit()
		self.wait_for(
			"follow-up re-run", lambda: frappe.db.get_value("Case Job Run", rerun, "status") == "Completed"
		)
		created = frappe.db.get_value("Case Job Run", rerun, "created")
		again = follow_up.start_run()
		frappe.db.commit()
		self.wait_for(
			"third run", lambda: frappe.db.get_value("Case Job Run", again, "status") == "Completed"
		)
		doubled = doubly_scheduled()
		third = frappe.db.get_value("Case Job Run", again, "created")
		assert created > 0, "the re-run scheduled nothing: the drill proves nothing"
		assert third == 0, f"the third run created {third} visits"
		assert doubled == 0, f"{doubled} cases have two visits scheduled by the job"
		self.results["redis_restart"] = {
			"lost_run_chunks": f"{lost_run.chunks_done}/{lost_run.total_chunks}",
			"rerun_chunks": "/".join(
				str(v) for v in frappe.db.get_value("Case Job Run", rerun, ["chunks_done", "total_chunks"])
			),
			"rerun_created": created,
			"third_run_created": third,
			"cases_with_two_job_scheduled_visits": doubled,
		}

	def worker_killed(self):
		month = str(get_first_day(today()))
		frappe.db.delete("Monthly Case Summary", {"month": month})
		frappe.db.commit()
		names = monthly_summary_cases(month)
		self.settings(job_chunk_size=max(1, (len(names) + 1) // 2))
		killed = runner.start(
			"Monthly case summary",
			month[:7],
			names,
			"case_management.tests.fault_drill.slow_monthly_chunk",
			month=month,
		)
		frappe.db.commit()
		self.wait_for("chunks written, not yet committed", lambda: slow_chunks_started() >= 1)
		self.stop_workers(signal.SIGKILL)
		frappe.db.rollback()
		after_kill = frappe.db.count("Monthly Case Summary", {"month": month})
		assert after_kill == 0, f"{after_kill} summaries survived a killed chunk"
		assert frappe.db.get_value("Case Job Run", killed, "status") == "Running"
		self.start_workers()
		rerun = monthly_summary.start_run(month)
		frappe.db.commit()
		self.wait_for(
			"summary re-run", lambda: frappe.db.get_value("Case Job Run", rerun, "status") == "Completed"
		)
		again = monthly_summary.start_run(month)
		frappe.db.commit()
		self.wait_for(
			"third run", lambda: frappe.db.get_value("Case Job Run", again, "status") == "Completed"
		)
		total = frappe.db.count("Monthly Case Summary", {"month": month})
		distinct = frappe.db.sql(
			"select count(distinct `case`) from `tabMonthly Case Summary` where month = %s", (month,)
		)[0][0]
		# summarize() replaces a month's rows, so a third run rewrites them without adding any.
		assert total == distinct == len(names), f"{total} summaries, {distinct} cases, {len(names)} expected"
		self.results["worker_killed"] = {
			"cases": len(names),
			"summaries_after_kill": after_kill,
			"summaries_after_rerun": total,
			"duplicates": total - distinct,
		}

	def open_cases(self) -> list[str]:
		return frappe.get_all("Case", filters={"workflow_state": ("!=", "Closed")}, pluck="name")

	def run(self):
		frappe.set_user("Administrator")
		frappe.flags.in_import = True  # Frappe throttles user creation (60 an hour); these are fixtures
		self.staff = standard_staff()
		frappe.flags.in_import = False
		for user in self.staff.values():
			frappe.db.set_value("User", user, "enabled", 1)  # an import leaves new users disabled
		self.gateway = Gateway()
		configure_sms_settings(self.gateway.url)
		frappe.db.commit()
		self.start_workers()
		try:
			for drill in (self.sms_down_then_up, self.sms_slow, self.email_account_failing, self.redis_restart,
				self.worker_killed):  # fmt: skip
				started = time.monotonic()
				drill()
				print(
					f"ok  {drill.__name__} ({time.monotonic() - started:.0f} s): {self.results[drill.__name__]}"
				)
		finally:
			self.stop_workers(signal.SIGKILL)
			self.gateway.stop()
		return self.results


def failed_jobs() -> list[str]:
	"""The last lines of each failed job's traceback, to say why a step never finished."""
	from frappe.utils.background_jobs import get_queue

	found = []
	for name in ("short", "long"):
		registry = get_queue(name).failed_job_registry
		for job in registry.get_job_ids()[:5]:
			fetched = registry.get_queue().fetch_job(job)
			found.append(f"{job}: {(fetched.exc_info or '').strip().splitlines()[-1:] if fetched else '?'}")
	return found


def children(pid: int) -> list[int]:
	"""Every process descended from `pid` (Linux /proc)."""
	parents = {}
	for entry in os.listdir("/proc"):
		if entry.isdigit():
			with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as f:
				parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
	found, frontier = [], [pid]
	while frontier:
		current = frontier.pop()
		kids = [p for p, parent in parents.items() if parent == current]
		found += kids
		frontier += kids
	return found


def doubly_scheduled() -> int:
	"""Cases with more than one open visit that the follow-up job scheduled."""
	return frappe.db.sql(
		"""select count(*) from (select `case` from `tabFollow-up Visit`
		where status = 'Scheduled' and auto_scheduled = 1 group by `case` having count(*) > 1) d"""
	)[0][0]


def monthly_summary_cases(month: str) -> list[str]:
	from frappe.utils import get_last_day

	return frappe.get_all(
		"Case",
		filters=[["intake_date", "<=", get_last_day(month)]],
		or_filters=[["closure_date", "is", "not set"], ["closure_date", ">=", month]],
		pluck="name",
		order_by="name",
	)


def slow_monthly_chunk(run: str, names: list[str], month: str) -> None:
	"""The monthly chunk, holding its transaction open long enough to be killed in it."""
	monthly_summary.summarize(names, frappe.utils.getdate(month))
	frappe.cache.incr("fault-drill-slow-chunks")
	time.sleep(60)
	runner.finish_chunk(run, len(names), 0, 0, {})
	frappe.db.commit()  # never reached in the drill: the worker is killed first


def slow_chunks_started() -> int:
	return int(frappe.cache.get("fault-drill-slow-chunks") or 0)


def run() -> None:
	"""bench execute entry point: prints one JSON line of results, raises on a failed drill."""
	frappe.cache.delete("fault-drill-slow-chunks")
	results = Drill().run()
	print("FAULT DRILLS " + json.dumps(results, default=str))
