"""Every whitelisted method of Frappe and of the app that takes a doctype or a document, found in
the source, and the calls the confidentiality harness (test_every_channel.py) makes to each.

`discover(bench)` parses every non-test module of the bench's Frappe and of case_management,
lists the functions decorated with `@frappe.whitelist(...)` under the name Frappe calls them by
(`frappe.client.get_count`, `frappe.desk.search.search_link`, ...), with their parameters (a
method that reads `frappe.form_dict` instead, like `frappe.desk.reportview.get`, has the keys it
reads), applies `override_whitelisted_methods` from both apps' hooks, and keeps those with a
parameter that names a doctype or a document. Methods of a doctype's controller are called through
`run_doc_method` on a canary of that doctype.

`calls_for(method, manifest, user)` builds the calls: the canaries' doctypes (child doctypes with
their parent doctype in `parent` / `parenttype` / `parent_doctype`), names and fields; `filters`
and `or_filters` on every field with the canary's real value and with a wrong value of the same
shape (a pair the harness compares); `txt` that is a marker or the client's name; `fields` asking
for everything and for each field.
"""

import ast
import json
import random
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "case_management"

DOCTYPE_PARAMS = {
	"doctype", "dt", "doc_type", "_doctype", "reference_doctype", "ref_doctype", "reference_dt",
	"link_doctype", "document_type", "reference_type", "reminder_doctype", "for_doctype", "doctype_name",
	"child_type", "goal_doctype", "from_doctype", "target_doctype", "parent_dt", "source_doctype",
}  # fmt: skip
PARENT_PARAMS = {"parent", "parenttype", "parent_doctype"}
NAME_PARAMS = {
	"name", "docname", "dn", "doc_name", "reference_name", "ref_name", "ref_docname", "reference_docname",
	"reminder_docname", "link_name", "document_name", "source_name", "docnames", "names", "source_names",
	"doc", "docs", "document", "reference", "items", "file_url", "filename", "file_name", "report_name",
}  # fmt: skip
SEARCH_PARAMS = ("txt", "text", "search_term", "query_string")
LIST_NAME_PARAMS = {"docnames", "names", "source_names", "items"}
# The app's own methods name their record by what it is: `case`, `client`, `referral`, ...
APP_NAME_PARAMS = {
	"case", "client", "referral", "assessment", "candidate", "visit", "merge_log", "survivor", "note",
	"household_member", "member", "alert", "summary",
}  # fmt: skip
FORM_PARAMS = [  # what frappe.desk.reportview.get_form_params() reads from the request
	"doctype", "fields", "filters", "or_filters", "order_by", "group_by", "start", "page_length",
	"limit_start", "limit_page_length", "with_comment_count", "view", "parent_doctype",
]  # fmt: skip

# Methods left out because calling them would break the run itself, not because of what they
# might show. Each with its reason.
EXCLUDED = {
	"frappe.handler.logout": "ends the caller's session",
	"frappe.handler.web_logout": "ends the caller's session",
	"frappe.www.login.login_via_token": "replaces the caller's session",
	"frappe.core.doctype.user.user.update_password": "changes the caller's password",
	"frappe.core.doctype.user.user.reset_password": "password admin: mails a reset link",
	"frappe.core.doctype.user.user.sign_up": "creates users",
	"frappe.core.doctype.user.user.impersonate": "replaces the caller's session",
	"frappe.core.doctype.user.user.User.reset_otp_secret": "user admin: resets two-factor secrets",
	"frappe.core.doctype.user.user.User.impersonate": "replaces the caller's session",
	"frappe.desk.page.setup_wizard.setup_wizard.setup_complete": "the setup wizard",
	"frappe.desk.page.setup_wizard.setup_wizard.initialize_system_settings_and_user": "the setup wizard",
	"frappe.desk.page.setup_wizard.setup_wizard.reset_is_first_startup": "the setup wizard",
	"frappe.core.doctype.data_import.data_import.form_start_import": "long data import job",
	"frappe.core.doctype.data_import.data_import.start_import": "long data import job",
	"frappe.utils.change_log.update_app": "restarts the bench",
	"frappe.core.doctype.rq_job.rq_job.stop_job": "stops background workers",
	"frappe.core.doctype.rq_worker.rq_worker.RQWorker.stop": "stops background workers",
	"frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs": "takes minutes on many docs",
	"frappe.custom.doctype.customize_form.customize_form.CustomizeForm.save_customization": "migrates tables",
	"frappe.core.doctype.recorder.recorder.start": "records every request of the run",
	"frappe.recorder.start": "records every request of the run",
	"frappe.integrations.oauth2.authorize": "replaces the caller's session",
	"frappe.twofactor.reset_otp_secret": "user admin: resets two-factor secrets",
}

# Counts answer a guess with a number: they get `filters` on every field of every canary
# (and `or_filters` too, for the desk's count); lists get `fields` on every field. Every other
# method that takes filters gets them on a marked field.
SWEEP = {"frappe.client.get_count", "frappe.desk.reportview.get_count"}
OR_SWEEP = {"frappe.desk.reportview.get_count", "frappe.client.get_list"}
LISTS = {"frappe.client.get_list", "frappe.desk.reportview.get"}
# Doctypes whose canaries differ in who may see them (a restricted and a normal note, the
# partner's referral and another, the client and its twin): each is asked about by name.
EVERY_RECORD = {"Client", "Case Note", "Referral"}
PAGE = {"start": 0, "limit_start": 0, "page_len": 500, "page_length": 500, "limit": 500,
	"limit_page_length": 500}  # fmt: skip
SKIP_FIELDS = {"doctype", "idx", "docstatus", "owner", "creation", "modified", "modified_by",
	"parentfield", "_user_tags", "_comments", "_assign", "_liked_by", "_seen"}  # fmt: skip


@dataclass
class Method:
	path: str  # as called: /api/method/<path>
	params: list[str]
	kwargs: bool = False
	get_only: bool = False
	doctype: str | None = None  # a controller method: called with run_doc_method on this doctype
	source: str = ""
	allow_guest: bool = False

	@property
	def selects(self) -> bool:
		"""Picks records: by name, filters, search text or fields."""
		return self.takes_name or bool({"filters", "or_filters", "fields", *SEARCH_PARAMS} & set(self.params))

	@property
	def takes_doctype(self) -> bool:
		return bool(DOCTYPE_PARAMS.intersection(self.params))

	@property
	def takes_name(self) -> bool:
		return bool(NAME_PARAMS.intersection(self.params) or APP_NAME_PARAMS.intersection(self.params))


@dataclass
class Call:
	method: str
	args: dict
	doctype: str | None = None  # the canary doctype aimed at
	http: str = "POST"
	json_body: bool = False
	pair: str | None = None  # calls with the same pair key are compared (right against wrong guess)
	guess: str | None = None  # the guessed value sent (replaced by a placeholder before comparing)
	right: bool | None = None
	kind: str = "call"  # call, filter, search, fields
	record: str | None = None  # the canary a guess is about
	extra: dict = field(default_factory=dict)

	def short(self) -> str:
		shown = {k: (v if len(str(v)) < 90 else str(v)[:87] + "...") for k, v in self.args.items()}
		return f"{self.method} {json.dumps(shown, default=str)}"


# --- discovery -----------------------------------------------------------------------------


def _is_whitelist(decorator: ast.expr) -> ast.Call | bool:
	target = decorator.func if isinstance(decorator, ast.Call) else decorator
	if (isinstance(target, ast.Attribute) and target.attr == "whitelist") or (
		isinstance(target, ast.Name) and target.id == "whitelist"
	):
		return decorator if isinstance(decorator, ast.Call) else True
	return False


def _allow_guest(decorator) -> bool:
	if not isinstance(decorator, ast.Call):
		return False
	return any(
		k.arg == "allow_guest" and getattr(k.value, "value", False) is True for k in decorator.keywords
	)


def _get_only(decorator) -> bool:
	if not isinstance(decorator, ast.Call):
		return False
	for keyword in decorator.keywords:
		if keyword.arg == "methods":
			try:
				return [m.upper() for m in ast.literal_eval(keyword.value)] == ["GET"]
			except ValueError:
				return False
	return False


def _form_keys(function: ast.FunctionDef) -> list[str]:
	"""The request keys a method reads from frappe.form_dict (or through get_form_params)."""
	keys = []
	for node in ast.walk(function):
		if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == (
			"get_form_params"
		):
			keys += FORM_PARAMS
		target = None
		if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
			if node.value.attr == "form_dict":
				target = node.attr if node.attr not in ("get", "pop", "update", "items", "copy") else None
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Attribute)
			and node.func.attr in ("get", "pop")
		):
			owner = node.func.value
			if isinstance(owner, ast.Attribute) and owner.attr == "form_dict" and node.args:
				if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
					target = node.args[0].value
		if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
			if node.value.attr == "form_dict" and isinstance(node.slice, ast.Constant):
				target = node.slice.value if isinstance(node.slice.value, str) else None
		if target:
			keys.append(target)
	return list(dict.fromkeys(keys))


def _params(function: ast.FunctionDef) -> list[str]:
	args = function.args
	names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg != "self"]
	return list(dict.fromkeys(names + _form_keys(function)))


def _modules(root: Path):
	for path in sorted(root.rglob("*.py")):
		rel = path.relative_to(root.parent)
		if path.name.startswith("test_") or {"tests", "test", "patches", "node_modules"} & set(rel.parts):
			continue
		yield ".".join(rel.with_suffix("").parts).removesuffix(".__init__"), path


def _controller_doctype(module: str, path: Path, class_name: str) -> str | None:
	"""The doctype whose controller `class_name` in `module` is (doctype/<x>/<x>.py)."""
	parts = module.split(".")
	if len(parts) < 3 or parts[-3] != "doctype" or parts[-1] != parts[-2]:
		return None
	definition = path.with_suffix(".json")
	if not definition.exists():
		return None
	try:
		name = json.loads(definition.read_text(encoding="utf-8")).get("name")
	except ValueError:
		return None
	return name if name and name.replace(" ", "").replace("-", "") == class_name else None


def _overrides(hooks: Path) -> dict[str, str]:
	tree = ast.parse(hooks.read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(
			getattr(t, "id", "") == "override_whitelisted_methods" for t in node.targets
		):
			return ast.literal_eval(node.value)
	return {}


def discover(bench: Path, canary_doctypes: set[str] | None = None) -> tuple[list[Method], dict]:
	"""(kept methods, counts and the left-out ones with reasons). A controller's method is kept
	when there is a canary of its doctype to call it on (all, without `canary_doctypes`)."""
	found: dict[str, Method] = {}
	for root in (bench / "apps" / "frappe" / "frappe", APP):
		for module, path in _modules(root):
			try:
				tree = ast.parse(path.read_text(encoding="utf-8"))
			except (SyntaxError, UnicodeDecodeError):
				continue
			for node in tree.body:
				if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
					marks = [m for m in map(_is_whitelist, node.decorator_list) if m]
					if marks:
						found[f"{module}.{node.name}"] = Method(
							f"{module}.{node.name}",
							_params(node),
							node.args.kwarg is not None,
							any(_get_only(m) for m in marks),
							source=module,
							allow_guest=any(_allow_guest(m) for m in marks),
						)
				if isinstance(node, ast.ClassDef):
					for item in node.body:
						marks = (
							[m for m in map(_is_whitelist, item.decorator_list) if m]
							if isinstance(item, ast.FunctionDef)
							else []
						)
						if marks:
							found[f"{module}.{node.name}.{item.name}"] = Method(
								item.name,
								_params(item),
								item.args.kwarg is not None,
								doctype=_controller_doctype(module, path, node.name),
								source=f"{module}.{node.name}",
								allow_guest=any(_allow_guest(m) for m in marks),
							)
	# A short name (download_file) is a function of frappe.handler.
	overrides = {
		**_overrides(bench / "apps" / "frappe" / "frappe" / "hooks.py"),
		**_overrides(APP / "hooks.py"),
	}
	for original, replacement in overrides.items():
		target = found.get(replacement) or found.get(f"frappe.handler.{replacement}")
		if target:
			found[original] = Method(
				original, target.params, target.kwargs, target.get_only, source=replacement
			)
	counts = {"discovered": len(found), "overridden": len(overrides)}
	excluded = {p: r for p, r in EXCLUDED.items() if p in found}
	kept, no_target, other_controllers = [], [], []
	for key, method in sorted(found.items()):
		if key in excluded:
			continue
		if method.doctype and canary_doctypes is not None and method.doctype not in canary_doctypes:
			other_controllers.append(key)
		elif method.doctype or method.takes_doctype or method.takes_name:
			kept.append(method)
		else:
			no_target.append(key)
	counts.update(
		kept=len(kept),
		excluded=len(excluded),
		without_doctype_or_document=len(no_target),
		controllers_without_canary=len(other_controllers),
	)
	return kept, {"counts": counts, "excluded": excluded}


# --- arguments ------------------------------------------------------------------------------


def wrong_like(value, rng: random.Random):
	"""A value of the same shape as `value` that is not it: same length and kinds of characters."""
	if isinstance(value, bool) or value in (0, 1) and isinstance(value, int):
		return 1 - int(value)
	if isinstance(value, int):
		return value + rng.randint(1, 9)
	if isinstance(value, float):
		return round(value + rng.randint(1, 9) + 0.13, 2)
	text = str(value)
	out = []
	for ch in text:
		if ch.isdigit():
			out.append(str((int(ch) + rng.randint(1, 9)) % 10))
		elif ch.isalpha() and ch.isascii():
			pool = string.ascii_lowercase if ch.islower() else string.ascii_uppercase
			out.append(rng.choice(pool.replace(ch, "")))
		else:
			out.append(ch)
	wrong = "".join(out)
	if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):  # a date stays a real date
		year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
		wrong = f"{year - 1 if year > 1901 else year + 1}-{month:02d}-{(day % 27) + 1:02d}" + text[10:]
	return wrong


class Targets:
	"""The canaries, as the calls aim at them."""

	def __init__(self, manifest: dict):
		self.manifest = manifest
		self.records = manifest["records"]
		self.by_doctype: dict[str, list[dict]] = {}
		for record in self.records:
			self.by_doctype.setdefault(record["doctype"], []).append(record)
		self.doctypes = sorted(self.by_doctype)
		self.rng = random.Random(manifest["prefix"])

	def representative(self, doctype: str) -> dict:
		"""The record of `doctype` with the most markers (the first made among equals)."""
		return max(self.by_doctype[doctype], key=lambda r: len(r["marked"]))

	def searches(self, doctype: str) -> list[str]:
		"""A marker of the record; for a client, its real name too."""
		record = self.representative(doctype)
		texts = [record["values"][f] for f in record["marked"][:1]] or [self.manifest["client_first_name"]]
		if doctype == "Client":
			texts += [self.manifest["client_full_name"], self.manifest["client_first_name"]]
		return list(dict.fromkeys(t[:140] for t in texts))


def _doc_json(record: dict) -> str:
	values = {k: v for k, v in record["values"].items() if not k.startswith("_")}
	return json.dumps(values)


def base_args(method: Method, record: dict, user: str, targets: Targets) -> dict:
	"""Arguments aimed at one canary record; None leaves a parameter out."""
	doctype, name = record["doctype"], record["name"]
	parent = record.get("parent")
	prefix = targets.manifest["prefix"]
	args: dict = {}
	for p in method.params:
		if p in DOCTYPE_PARAMS:
			args[p] = doctype
		elif p in PARENT_PARAMS:
			if parent:
				args[p] = parent["doctype"]
		elif p in LIST_NAME_PARAMS:
			args[p] = json.dumps([name])
		elif p in ("doc", "docs"):
			args[p] = _doc_json(record)
		elif p in ("file_url",):
			args[p] = record["values"].get("file_url") or name
		elif p in ("filename", "file_name"):
			args[p] = record["values"].get("file_name") or name
		elif p == "report_name":
			continue
		elif p in NAME_PARAMS or p in APP_NAME_PARAMS:
			args[p] = name
		elif p in PAGE:
			args[p] = PAGE[p]
		elif p in ("fields", "fieldname"):
			args[p] = json.dumps(["*"]) if p == "fields" else json.dumps(record["marked"] or ["name"])
		elif p in ("ignore_permissions", "ignore_user_permissions", "as_dict", "with_comment_count"):
			args[p] = 1
		elif p in ("user", "assign_to", "email"):
			args[p] = user if p != "assign_to" else json.dumps([user])
		elif p == "args":
			args[p] = json.dumps(
				{
					"doctype": doctype,
					"name": name,
					"docname": name,
					"assign_to": [user],
					"reference_doctype": doctype,
					"reference_name": name,
				}  # fmt: skip
			)
		elif p in SEARCH_PARAMS:
			args[p] = targets.searches(doctype)[0]
		elif p in ("value", "tag", "content", "comment", "description", "subject", "title"):
			args[p] = f"{prefix}-written-{p}"
		elif p in ("add",):
			args[p] = "Yes"
		elif p == "print_format":
			args[p] = "Standard"
		elif p == "method" and method.doctype:
			args[p] = method.path
	if method.doctype:  # a controller method, through run_doc_method
		args = {
			"dt": doctype,
			"dn": name,
			"method": method.path,
			**{k: v for k, v in args.items() if k not in ("dt", "dn")},
		}
	return args


def _filter_value(value):
	return value if not isinstance(value, str) or len(value) <= 140 else value[:140]


def filter_calls(method: Method, record: dict, args: dict, targets: Targets, sweep: bool) -> list[Call]:
	"""`filters` / `or_filters` on each field: the canary's value and a wrong one, as a pair.

	A marked or personal value is unique to the canary and goes alone; any other value is
	pinned to the canary by its name (or its parent, for a child row), which one can guess."""
	doctype, values = record["doctype"], record["values"]
	fields = [
		f
		for f, v in values.items()
		if f not in SKIP_FIELDS and v not in (None, "") and not isinstance(v, dict)
	]
	if not sweep:
		fields = [f for f in fields if f in record["marked"]][:1] or ["name"]
	pin_field = "parent" if record.get("parent") else "name"
	calls = []
	for fieldname in fields:
		value = _filter_value(values[fieldname])
		wrong = wrong_like(value, targets.rng)
		unique = fieldname in record["marked"] or fieldname == pin_field
		for key in ("filters", "or_filters"):
			if key not in method.params or (key == "or_filters" and method.path not in OR_SWEEP):
				continue
			if key == "or_filters" and not unique:  # or_filters: on the marked fields
				continue
			for right, guess in ((True, value), (False, wrong)):
				condition = [doctype, fieldname, "=", guess]
				if key == "or_filters" or unique:
					conditions = [condition]
				else:
					conditions = [[doctype, pin_field, "=", values[pin_field]], condition]
				extra = {}
				if key == "or_filters" and not unique:
					extra = {"filters": json.dumps([[doctype, pin_field, "=", values[pin_field]]])}
				call_args = {**args, **extra, key: json.dumps(conditions)}
				calls.append(
					Call(
						method.path,
						call_args,
						doctype,
						pair=f"{method.path}|{doctype}|{record['name']}|{key}|{fieldname}",
						guess=str(guess),
						right=right,
						kind="filter",
						record=record["name"],
					)
				)
	return calls


def search_calls(method: Method, args: dict, record: dict, targets: Targets) -> list[Call]:
	key = next(p for p in SEARCH_PARAMS if p in args)
	calls = []
	for text in targets.searches(record["doctype"]):
		wrong = wrong_like(text, targets.rng)
		for right, guess in ((True, text), (False, wrong)):
			calls.append(
				Call(
					method.path,
					{**args, key: guess},
					record["doctype"],
					pair=f"{method.path}|{record['doctype']}|{key}|{text}",
					guess=guess,
					right=right,
					kind="search",
					record=record["name"],
				)
			)
	return calls


def field_calls(method: Method, args: dict, record: dict) -> list[Call]:
	"""`fields` for each field, on the canary by name."""
	calls = []
	pin = [[record["doctype"], "name", "=", record["name"]]]
	for fieldname in [f for f in record["values"] if f not in SKIP_FIELDS][:40]:
		calls.append(
			Call(
				method.path,
				{**args, "fields": json.dumps([fieldname]), "filters": json.dumps(pin)},
				record["doctype"],
				kind="fields",
			)  # fmt: skip
		)
	return calls


def calls_for(method: Method, targets: Targets, user: str, guest: bool = False) -> list[Call]:
	"""The calls to `method`. Frappe refuses a guest a method that is not `allow_guest` before
	it reads any argument: the guest gets one call of those (the harness checks that it was
	refused), and every call of the others."""
	calls = _calls_for(method, targets, user)
	if guest and not method.allow_guest:
		return calls[:1]
	return calls


# Methods that create records from `doc`: a copy of a canary that hangs off nothing of A's (a
# new client) is anyone's to register, so those are not sent.
CREATES = {"frappe.client.insert", "frappe.client.insert_many"}
FREE_TO_CREATE = {"Client"}


def _calls_for(method: Method, targets: Targets, user: str) -> list[Call]:
	if method.doctype:
		doctypes = [method.doctype] if method.doctype in targets.by_doctype else []
	elif method.takes_doctype or method.takes_name:
		doctypes = targets.doctypes
		if method.path in CREATES:
			doctypes = [d for d in doctypes if d not in FREE_TO_CREATE]
	else:
		doctypes = []
	calls: list[Call] = []
	reports = targets.manifest.get("reports", [])
	if "report_name" in method.params:
		for report in reports:
			args = {
				p: v for p, v in base_args(method, targets.representative("Client"), user, targets).items()
			}
			args["report_name"] = report
			args.setdefault("filters", json.dumps({}))
			calls.append(Call(method.path, args, None, kind="report"))
		if not method.takes_doctype:
			return _finish(method, calls)
	primary = [d for d in doctypes if not targets.by_doctype[d][0]["parent"]]
	# A method that only takes a doctype answers about the doctype, not about a record: it is
	# asked about the doctypes that are not child tables (the counts and lists ask about all).
	for doctype in doctypes if method.selects else primary:
		records = targets.by_doctype[doctype]
		child = bool(records[0]["parent"])
		# Every record of the doctype by name (each child row too); the rest aims at the one with
		# the most markers.
		names = (
			(records if not records[0]["parent"] else [targets.representative(doctype)])
			if method.takes_name
			else records[:1]
		)
		record = targets.representative(doctype)
		args = base_args(method, record, user, targets)
		searching = any(p in args for p in SEARCH_PARAMS)
		for each in names:
			if not (searching and each is record):  # the search pair below sends this one
				calls.append(Call(method.path, base_args(method, each, user, targets), doctype))
		sweep = method.path in SWEEP
		if ("filters" in method.params or "or_filters" in method.params) and (sweep or not child):
			calls += filter_calls(method, record, args, targets, sweep=sweep)
		if searching:
			calls += search_calls(method, args, record, targets)
		if "fields" in method.params and method.path in LISTS:
			calls += field_calls(method, args, record)
	return _finish(method, calls)


def _finish(method: Method, calls: list[Call]) -> list[Call]:
	for call in calls:
		if method.doctype:
			call.method = "run_doc_method"
		call.http = "GET" if method.get_only else "POST"
		call.json_body = call.method.startswith("case_management.")
	return calls
