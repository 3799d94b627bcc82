"""Every hostile or malformed request ends in a clear answer: no HTTP 500, no partial write.

The corpus is in corpus.py (REST resources) and methods.py (whitelisted methods); the outcome
policy is at the top of corpus.py and in SECURITY.md.
"""

import json
from urllib.parse import quote

import pytest

from http_tests.corpus import Probe, build
from http_tests.methods import discover, get_only, method_probes, registry

PLACEHOLDER = type("W", (dict,), {"__getattr__": lambda self, k: f"<{k}>"})()
REST = build(PLACEHOLDER)
METHODS = method_probes(PLACEHOLDER)
GET_ONLY = get_only()
MAX_ERROR_BYTES = 20_000  # an error never echoes a huge value back


def messages_of(response) -> str:
	try:
		body = response.json()
	except ValueError:
		return ""
	parts = []
	for key in ("_server_messages", "exception", "message", "_error_message"):
		value = body.get(key) if isinstance(body, dict) else None
		if not value:
			continue
		if key == "_server_messages":
			for raw in json.loads(value):
				parts.append(str(json.loads(raw).get("message", "")) if raw.startswith("{") else raw)
		else:
			parts.append(str(value))
	return " ".join(parts)


def assert_clear_refusal(response, what: str):
	assert response.status_code != 500, f"{what}: HTTP 500 {messages_of(response)[:300]}"
	assert 400 <= response.status_code < 500, f"{what}: expected a refusal, got {response.status_code}"
	text = messages_of(response)
	assert text.strip(), f"{what}: refused without saying why ({response.status_code})"
	assert "<script" not in text.lower(), f"{what}: the message carries unescaped markup"
	assert len(response.content) < MAX_ERROR_BYTES, f"{what}: the error echoes {len(response.content)} bytes"


@pytest.fixture(scope="module")
def rest_corpus(world):
	return {p.id: p for p in build(world)}


def send(api, world, probe: Probe):
	client = api(world[probe.user] if probe.user else None)
	if probe.verb == "GET":
		return client.get(probe.path, params=probe.params)
	# json.dumps keeps unpaired surrogates as \ud800 escapes, as a hostile client would send them.
	content = json.dumps(probe.body)
	return client.request(
		probe.verb, probe.path, content=content, headers={"Content-Type": "application/json"}
	)


def test_the_corpus_is_large_enough():
	assert len(REST) + len(METHODS) >= 100
	assert len({p.id for p in REST}) == len(REST), "corpus ids must be unique"


@pytest.mark.parametrize("probe_id", [p.id for p in REST])
def test_rest_input(probe_id, rest_corpus, api, world, row_counts, db):
	probe = rest_corpus[probe_id]
	target = probe.path.rsplit("/", 1)[-1] if probe.verb == "PUT" else None
	before_modified = modified_of(db, "Client", target) if target else None
	before = row_counts()
	response = send(api, world, probe)
	after = row_counts()
	assert response.status_code != 500, f"HTTP 500: {messages_of(response)[:300]}"
	if probe.expect == "reject":
		assert_clear_refusal(response, probe.id)
		assert after == before, f"partial write: {changed(before, after)}"
		if target:
			assert modified_of(db, "Client", target) == before_modified, "the record was changed"
	elif probe.expect == "read":
		assert response.status_code < 500
		assert after == before, f"a read wrote rows: {changed(before, after)}"
	else:
		assert 200 <= response.status_code < 300, f"refused a legitimate value: {messages_of(response)[:300]}"
		assert after[probe.table] == before[probe.table] + 1
		stored = response.json()["data"]
		read_back = api(world[probe.user]).get(f"/api/resource/{probe.table}/{stored['name']}").json()["data"]
		for fieldname, value in probe.stored.items():
			assert read_back[fieldname] == value, fieldname
		for text in probe.absent:
			assert text not in json.dumps(read_back).lower(), f"stored {text!r}"


def modified_of(db, doctype: str, name: str):
	with db.cursor() as cursor:
		cursor.execute(f"select modified from `tab{doctype}` where name = %s", (name,))  # nosec: fixed doctype
		return cursor.fetchone()


def changed(before: dict, after: dict) -> dict:
	return {t: after[t] - before[t] for t in before if after[t] != before[t]}


def test_every_method_has_a_registry_entry():
	assert discover() - set(registry(PLACEHOLDER)) == set(), "add these methods to http_tests/methods.py"


def test_discovery_finds_the_methods():
	found = discover()
	assert "case_management.api.intake.find_clients" in found
	assert len(found) >= 10


@pytest.fixture(scope="module")
def method_corpus(world):
	"""Built once: building it reads the app's source (about 0.2 s), which per probe cost more
	than the 1,600 requests themselves."""
	return {p[0]: p for p in method_probes(world)}


@pytest.mark.parametrize("probe_id", [p[0] for p in METHODS])
def test_method_input(probe_id, method_corpus, api, world, row_counts):
	_, method, user, arguments, search = method_corpus[probe_id]
	client = api(world[user] if user else None)
	path = "/api/method/run_doc_method" if "dt" in arguments else f"/api/method/{method}"
	before = row_counts()
	if method in GET_ONLY:
		# Built by hand: a lone surrogate goes out as its raw UTF-8 bytes, as a hostile client sends it.
		query = "&".join(
			f"{k}={quote((v if isinstance(v, str) else json.dumps(v)).encode('utf-8', 'surrogatepass'))}"
			for k, v in arguments.items()
		)
		response = client.get(f"{path}?{query}")
	else:
		response = client.post(
			path, content=json.dumps(arguments), headers={"Content-Type": "application/json"}
		)
	after = row_counts()
	assert response.status_code != 500, f"HTTP 500: {messages_of(response)[:300]}"
	# A search across caseloads that ran is kept in the Client Access Log: that row is its point.
	logged = after.pop("Client Access Log") - before.pop("Client Access Log")
	assert after == before, f"partial write: {changed(before, after)}"
	assert logged <= (1 if search and response.status_code == 200 else 0), f"{logged} access log rows"
	if search and response.status_code == 200:
		# A strange search string finds nothing; it never widens the search.
		found = response.json().get("message")
		if isinstance(found, dict) and "cases" in found:  # the portal's caseload: its rows
			found = found["cases"]
		assert found in ([], None, {}, 0), "an odd argument matched records"
	else:
		assert_clear_refusal(response, probe_id)


def test_invalid_json_body_is_still_a_framework_500(api, world, row_counts):
	"""Known framework limit (SECURITY.md): Frappe v15 parses a JSON body before any app code
	runs and answers invalid JSON with a 500. Nothing is written. When this test fails,
	Frappe has fixed it: update SECURITY.md and make this a refusal test."""
	before = row_counts()
	response = api(world.caseworker).post(
		"/api/resource/Client", content=b'{"first_name": "Ann",', headers={"Content-Type": "application/json"}
	)
	assert response.status_code == 500
	assert row_counts() == before
