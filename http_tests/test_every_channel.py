"""Confidentiality on every channel (issue #16): another caseload's records never show, through any
whitelisted method of Frappe or of the app, to a caseworker of another team, a supervisor of
another team, the referral partner (beyond what a partner may see), a Program Manager of other
programs than the canary's, or a guest.

`scripts/http-tests` makes the canaries first (case_management/tests/canaries.py: every text
field of one client's records a unique marker, in caseworker A's caseload); channels.py finds the
methods in the source and builds the calls. Three checks, each its own test:

1. no answer carries a canary marker, personal value or record name that the request did not
   itself send (the values sent are struck out first: Frappe's messages may repeat them);
2. no answer depends on a guessed value: the same call with the canary's real value and with a
   wrong value of the same shape, the value replaced by a placeholder in both answers, must
   answer the same;
3. no write lands: row counts of the app's tables and of Frappe's tables that hang off records,
   and the canaries' modified / docstatus / _liked_by / _user_tags / _assign / _comments, are the
   same before and after each method's calls.

To look at a few methods or callers only (the checks are the same):
CM_CHANNELS_METHODS='search|get_count' CM_CHANNELS_USERS='partner' pytest http_tests/test_every_channel.py

Failures are listed by class (child tables, search, counts, files, follow/like/tag, partner
fields, writes, ...), one line each: user, method, arguments, the check, what was found.
"""

import json
import os
import re
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from http_tests.channels import Targets, calls_for, discover
from http_tests.conftest import query, site_dir

THREADS = 4  # calls in flight at once (gunicorn runs 2 x cores + 1 workers: 5 on 2 cores)
# Tables whose rows are about a record: a write through any channel shows in one of them. The
# caller's own bookkeeping (Access Log, Activity Log, sessions, Route History, View Log,
# __UserSettings, Error Log) is not counted: signing in and asking leave rows there legitimately.
RECORD_TABLES = ("ToDo", "Comment", "DocShare", "Document Follow", "Tag Link", "File", "Version",
	"Communication", "Email Queue", "Deleted Document")  # fmt: skip
WATCHED_COLUMNS = ("modified", "docstatus", "_liked_by", "_user_tags", "_assign", "_comments")
PLACEHOLDER = "\u2039guess\u203a"
SENT = "\u2039sent\u203a"
VOLATILE = re.compile(r"[0-9a-f]{32,}|0x[0-9a-f]{6,}|\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?\b")
MAX_SHOWN = 400
MAX_REPLAYED = 60


@pytest.fixture(scope="module")
def manifest() -> dict:
	path = site_dir() / "canaries.json"
	if not path.exists():
		pytest.fail(
			f"{path} is missing: scripts/http-tests makes it (bench execute case_management.tests.canaries.make)"
		)
	return json.loads(path.read_text())


@pytest.fixture(scope="module")
def callers(manifest) -> dict:
	users = manifest["users"]
	chosen = re.compile(os.environ.get("CM_CHANNELS_USERS", ""))
	everyone = {
		"caseworker B (other team)": users["b"],
		"supervisor (other team)": users["supervisor"],
		"partner": users["partner"],
		"program manager (other programs)": users["other_program_manager"],
		"guest": None,
	}
	return {label: user for label, user in everyone.items() if chosen.search(label)}


# --- what may not show --------------------------------------------------------------------


class Secrets:
	"""What one caller may not find in an answer: markers, personal values, record names."""

	def __init__(self, manifest: dict, partner: bool):
		records = manifest["records"]
		allowed: set[str] = set()
		if partner:
			allowed.add(manifest["client_first_name"])
			for record in records:
				if record["partner_may_see"]:
					allowed.update(record["partner_may_see"])
			for record in records:
				mine = record["partner_may_see"] or (
					record["parent"]
					and any(r["name"] == record["parent"]["name"] and r["partner_may_see"] for r in records)
				)
				if mine:
					allowed.add(record["name"])
					allowed.update(
						record["values"].get(f) or "" for f in ("case", "client", "service_provider")
					)
		self.allowed = {a.lower() for a in allowed if a}
		self.visible = {r["name"] for r in records if r["partner_may_see"]} if partner else set()
		self.visible_values = {
			str(v)
			for r in records
			if r["name"] in self.visible
			for v in r["values"].values()
			if v not in (None, "")
		}
		self.marker = re.compile(re.escape(manifest["prefix"]) + r"-[A-Za-z0-9_]+", re.IGNORECASE)
		patterns = []
		for item in manifest["personal"]:
			value = item["value"]
			if item["kind"] == "phone":
				digits = value[-10:]
				patterns.append(r"[\s().-]*".join(digits))
			elif item["kind"] == "date":
				y, m, d = value.split("-")
				patterns += [re.escape(value)] + [f"{a}[-/.]{b}[-/.]{y}" for a, b in ((m, d), (d, m))]
			elif item["kind"] == "amount":
				whole, cents = value.split(".")
				patterns.append(rf"\b{whole}[.,]{cents[0]}{cents[1] if cents[1] != '0' else '0?'}\b")
			else:
				patterns.append(re.escape(value))
		self.personal = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
		names = sorted(
			{r["name"] for r in records if r["name"].lower() not in self.allowed}, key=len, reverse=True
		)
		self.names = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")

	def found(self, text: str, sent: list[str]) -> list[str]:
		# Strike out the secrets the request itself carried (not every word it sent: a field
		# name such as `name` is part of a marker).
		for value in sorted(set(sent), key=len, reverse=True):
			if self.marker.search(value) or self.personal.search(value) or self.names.search(value):
				text = re.sub(re.escape(value), SENT, text, flags=re.IGNORECASE)
		hits = [m.group(0) for m in self.marker.finditer(text)]
		hits += [m.group(0) for m in self.personal.finditer(text)]
		hits += [f"record {m.group(0)}" for m in self.names.finditer(text)]
		return sorted({h for h in hits if h.lower().removeprefix("record ") not in self.allowed})


def sent_values(args: dict) -> list[str]:
	"""Every text the request carried, including what sits inside JSON arguments."""
	out = []

	def walk(value):
		if isinstance(value, dict):
			for k, v in value.items():
				walk(k)
				walk(v)
		elif isinstance(value, list):
			for v in value:
				walk(v)
		elif value is not None:
			text = str(value)
			out.append(text)
			out.append(json.dumps(text)[1:-1])
			out.append(quote(text))
			if text[:1] in "[{":
				try:
					walk(json.loads(text))
				except ValueError:
					pass

	walk(args)
	return out


# --- the run ------------------------------------------------------------------------------


def send(client, call):
	path = f"/api/method/{call.method}"
	try:
		if call.http == "GET":
			return client.get(path, params=call.args)
		if call.json_body:
			return client.post(
				path, content=json.dumps(call.args), headers={"Content-Type": "application/json"}
			)
		return client.post(path, data={k: str(v) for k, v in call.args.items()})
	except Exception as e:  # a dropped connection is an answer too: it is reported, not hidden
		return type("Failed", (), {"status_code": 0, "text": f"request failed: {e!r}", "headers": {}})()


class Snapshot:
	"""Row counts and the canaries' watched columns, read straight from the database."""

	def __init__(self, db, manifest):
		self.db = db
		tables = [
			r[0]
			for r in query(
				db,
				"select name from tabDocType where module = 'Case Management' and issingle = 0 order by name",
			)
		] + list(RECORD_TABLES)
		self.count_sql = "select " + ", ".join(f"(select count(*) from `tab{t}`)" for t in tables)  # nosec: names from tabDocType
		self.tables = tables
		by_doctype = defaultdict(list)
		for record in manifest["records"]:
			by_doctype[record["doctype"]].append(record["name"])
		parts = []
		for doctype, names in sorted(by_doctype.items()):
			columns = {r[0] for r in query(db, f"show columns from `tab{doctype}`")}  # nosec: canary doctypes
			watched = [c for c in WATCHED_COLUMNS if c in columns]
			values = ", ".join(f"coalesce(`{c}`, '')" for c in watched)
			names_sql = ", ".join(db.escape(n) for n in names)
			parts.append(
				f"select '{doctype}', name, concat_ws('|', {values}) from `tab{doctype}` where name in ({names_sql})"
			)
		self.columns_sql = " union all ".join(parts)

	def take(self) -> dict:
		counts = dict(zip(self.tables, query(self.db, self.count_sql)[0], strict=True))
		columns = {(d, n): v for d, n, v in query(self.db, self.columns_sql)}
		return {"counts": counts, "columns": columns}

	@staticmethod
	def changes(before: dict, after: dict) -> list[str]:
		out = [
			f"{t}: {before['counts'][t]} -> {after['counts'][t]} rows"
			for t in before["counts"]
			if before["counts"][t] != after["counts"][t]
		]
		for key in sorted(set(before["columns"]) | set(after["columns"])):
			if before["columns"].get(key) != after["columns"].get(key):
				out.append(
					f"{key[0]} {key[1]}: {before['columns'].get(key)!r} -> {after['columns'].get(key)!r}"
				)
		return out


def comparable(response, guesses: tuple[str, str]) -> tuple[int, str]:
	"""The answer with both guessed values (the right and the wrong one) replaced by a placeholder,
	and without the traceback (it repeats the arguments in Python's own spelling). A number is
	not replaced: it cannot be told apart from a count."""
	try:
		body = response.json()
	except ValueError:
		body = response.text
	if isinstance(body, dict):
		body = {k: v for k, v in body.items() if k not in ("exc", "_debug_messages")}
	text = json.dumps(body, sort_keys=True, ensure_ascii=False)
	for guess in sorted(guesses, key=len, reverse=True):
		if len(guess) >= 4 and not re.fullmatch(r"-?\d+(\.\d+)?", guess):
			for form in {guess, json.dumps(guess)[1:-1], quote(guess)}:
				text = re.sub(re.escape(form), PLACEHOLDER, text, flags=re.IGNORECASE)
	return response.status_code, VOLATILE.sub("", text)


def difference(right: tuple[int, str], wrong: tuple[int, str]) -> str:
	"""Where the two answers part, with a little context."""
	(status_right, a), (status_wrong, b) = right, wrong
	at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
	start = max(0, at - 60)
	return f"right guess: {status_right} ...{a[start : at + 90]!r} / wrong guess: {status_wrong} ...{b[start : at + 90]!r}"


def classify(call, user_label, check, child_doctypes, refused=False, only_names=False) -> str:
	method = call.method.lower() + " " + str(call.args.get("method", "")).lower()
	if check == "write":
		return "writes"
	if check == "leak" and refused and only_names:
		return "record ids in refusals"
	if user_label == "partner" and call.doctype == "Referral":
		return "partner fields"
	if call.doctype in child_doctypes:
		return "child tables"
	if call.doctype == "File" or "file" in method or "attach" in method:
		return "files"
	if any(w in method for w in ("like", "follow", "tag", "assign", "share", "comment", "timeline")):
		return "follow/like/tag/assign"
	if call.kind == "search" or "search" in method or "link" in method:
		return "search"
	if "count" in method or "stats" in method or "group_by" in method or "sidebar" in method:
		return "counts"
	if call.kind == "report" or "report" in method:
		return "reports"
	if "print" in method or "pdf" in method:
		return "print"
	return "documents and lists"


@pytest.fixture(scope="module")
def channel_run(manifest, callers, api, db):
	bench = site_dir().parent.parent
	methods, info = discover(bench, {r["doctype"] for r in manifest["records"]})
	every_path = {m.path for m in methods}
	chosen = re.compile(os.environ.get("CM_CHANNELS_METHODS", ""))
	methods = [m for m in methods if chosen.search(m.path) or chosen.search(m.source)]
	targets = Targets(manifest)
	child_doctypes = {r["doctype"] for r in manifest["records"] if r["parent"]}
	snapshot = Snapshot(db, manifest)
	findings = []  # (class, check, user, call, detail)
	totals = {}
	started = time.monotonic()
	with ThreadPoolExecutor(THREADS) as pool:
		for label, user in callers.items():
			client = api(user)
			secrets = Secrets(manifest, partner=label == "partner")
			user_key = user or "Guest"
			calls_made, methods_called, pairs = 0, 0, defaultdict(dict)
			before = snapshot.take()
			for method in methods:
				calls = calls_for(method, targets, user_key, guest=user is None)
				if not calls:
					continue
				methods_called += 1
				responses = list(pool.map(send, [client] * len(calls), calls))
				calls_made += len(calls)
				for call, response in zip(calls, responses, strict=True):
					text = (
						response.text
						+ " "
						+ " ".join(
							f"{k}: {v}"
							for k, v in response.headers.items()
							if k.lower() in ("content-disposition", "location")
						)
					)
					hits = secrets.found(text, sent_values(call.args))
					if hits:
						kind = classify(
							call,
							label,
							"leak",
							child_doctypes,
							refused=response.status_code >= 400,
							only_names=all(h.startswith("record ") for h in hits),
						)
						findings.append(
							(
								kind,
								"leak",
								label,
								call,
								", ".join(hits[:6]) + (" ..." if len(hits) > 6 else ""),
							)
						)
					if call.pair:
						pairs[call.pair][call.right] = (call, response)
				after = snapshot.take()
				changes = Snapshot.changes(before, after)
				if changes:
					findings += attribute_writes(client, calls, snapshot, label, changes)
					after = snapshot.take()
				before = after
			for sides in pairs.values():
				# A record the caller may see answers a right guess, as it should.
				if len(sides) != 2 or sides[True][0].record in secrets.visible:
					continue
				if sides[True][0].guess in secrets.visible_values:  # shared by a record it may see
					continue
				(call, right), (wrong_call, wrong) = sides[True], sides[False]
				guesses = (call.guess, wrong_call.guess)
				if comparable(right, guesses) != comparable(wrong, guesses):
					kind = classify(call, label, "guess", child_doctypes)
					detail = difference(comparable(right, guesses), comparable(wrong, guesses))
					findings.append((kind, "guess", label, call, detail))
			totals[label] = {"methods": methods_called, "calls": calls_made}
	elapsed = time.monotonic() - started
	print_summary(info, methods, totals, elapsed)
	return {"findings": findings, "info": info, "totals": totals, "every_path": every_path}


def attribute_writes(client, calls, snapshot, label, changes) -> list[tuple]:
	"""A method's calls wrote: send them again one by one to find which call writes (a write that
	does not repeat, such as a second like, stays with the whole batch)."""
	found = []
	previous = snapshot.take()
	for call in calls[:MAX_REPLAYED]:
		send(client, call)
		now = snapshot.take()
		again = Snapshot.changes(previous, now)
		if again:
			found.append(("writes", "write", label, call, "; ".join(again[:4])))
		previous = now
	if not found:
		found.append(
			("writes", "write", label, calls[0], f"one of its {len(calls)} calls: " + "; ".join(changes[:4]))
		)
	return found


SUMMARY = Path(__file__).resolve().parent.parent / "artifacts" / "every-channel.txt"


def print_summary(info, methods, totals, elapsed):
	"""Printed, and kept in artifacts/every-channel.txt: scripts/http-tests shows it in its summary
	(pytest keeps a passing test's output to itself)."""
	counts = info["counts"]
	lines = [
		f"every channel: {counts['discovered']} whitelisted methods found ({counts['overridden']} overrides), "
		f"{counts['kept']} take a doctype or a document and are called, {counts['without_doctype_or_document']} "
		f"take neither, {counts['controllers_without_canary']} are methods of doctypes without a canary, "
		f"{counts['excluded']} are left out:",
		*(f"  - {path}: {reason}" for path, reason in sorted(info["excluded"].items())),
		*(
			f"  {label}: {total['methods']} methods, {total['calls']} calls"
			for label, total in totals.items()
		),
		f"  {sum(t['calls'] for t in totals.values())} calls as {len(totals)} users in {elapsed:.0f} s",
	]
	print("\n" + "\n".join(lines))
	SUMMARY.parent.mkdir(parents=True, exist_ok=True)
	SUMMARY.write_text("\n".join(lines) + "\n")


def report(findings, check: str) -> str:
	chosen = [f for f in findings if f[1] == check]
	by_class = defaultdict(list)
	for kind, _, user, call, detail in chosen:
		by_class[kind].append(f"    {user} | {call.short()} | {detail}")
	lines = [f"{len(chosen)} failures of the '{check}' check:"]
	for kind in sorted(by_class):
		rows = by_class[kind]
		lines.append(f"  [{kind}] {len(rows)}")
		lines += rows[:MAX_SHOWN]
		if len(rows) > MAX_SHOWN:
			lines.append(f"    ... and {len(rows) - MAX_SHOWN} more")
	return "\n".join(lines)


def test_discovery_finds_frappe_and_app_methods(channel_run):
	paths = channel_run["every_path"]
	for expected in (
		"frappe.client.get_count",
		"frappe.client.get_list",
		"frappe.desk.search.search_link",
		"frappe.desk.reportview.get",
		"frappe.desk.form.load.getdoc",
		"case_management.api.portal.get_case",
	):
		assert expected in paths, f"discovery lost {expected}"
	assert channel_run["info"]["counts"]["kept"] >= 100


def test_no_answer_carries_a_canary(channel_run):
	findings = channel_run["findings"]
	if any(f[1] == "leak" for f in findings):
		pytest.fail(report(findings, "leak"), pytrace=False)


def test_no_answer_depends_on_a_guessed_value(channel_run):
	findings = channel_run["findings"]
	if any(f[1] == "guess" for f in findings):
		pytest.fail(report(findings, "guess"), pytrace=False)


def test_no_write_lands(channel_run):
	findings = channel_run["findings"]
	if any(f[1] == "write" for f in findings):
		pytest.fail(report(findings, "write"), pytrace=False)
