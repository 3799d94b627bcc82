"""Static security checks of the app's source (no Frappe needed):

- SQL is never built with `.format()` or `%`, and an f-string that builds SQL interpolates
  only fixed text: UPPER_CASE constants, `frappe.db.escape(...)`, the permission module's
  condition builders (which follow the same rule), or local names bound only to those;
- `frappe.db.commit()` only in background jobs, patches and the demo-data command;
- `allow_guest=True` only on methods that check a token, and every guest method is limited by
  the app's own rate limit (services/limits.py), never Frappe's, whose window can lose its
  expiry and then refuse everyone for good;
- no permission, report, workspace or card is given to the roles All or Guest;
- the declared permission table (permissions/matrix.py) agrees with every doctype's role
  permissions (the Frappe suite then checks record by record, permissions/test_matrix.py).
"""

import ast
import importlib.util
import json
import re

from conftest import APP

SQL = re.compile(r"\b(select|update|insert\s+into|delete\s+from|where|join)\b|`tab", re.IGNORECASE)
DB_CALLS = {"sql", "sql_list", "multisql", "sql_ddl"}
SAFE_CALLS = {"escape", "_literals"}
PERMISSIONS = APP / "permissions"
# Parameters a permission helper interpolates, with why each is safe.
VETTED_PARAMETERS = {
	("_matches", "doctype"): "one of the literal doctype names of the has_*_permission functions below it",
	("_matches", "table"): "built from doctype above",
	("_matches", "condition"): "the result of this module's *_query functions",
	("case_child_condition", "doctype"): "called only with literal doctype names",
	("child_condition", "child"): "an app child doctype: query_condition checks it is in child_doctypes()",
	("child_condition", "parent"): "from parents_of(): the doctypes whose Table fields hold the child",
	("child_condition", "condition"): "list_condition(): the condition Frappe's own DatabaseQuery builds",
	("trail_condition", "trail"): "a key of TRAILS: query_condition checks it",
	("trail_condition", "doctype"): "from record_doctypes(): the app's own doctype names",
	("trail_condition", "condition"): "list_condition(): the condition Frappe's own DatabaseQuery builds",
	("trail_condition", "doctype_col"): "a column named in the TRAILS constant",
	("trail_condition", "name_col"): "a column named in the TRAILS constant",
	("_through_case_or_program", "table"): "called only with literal table names (permissions/programs.py)",
}
COMMIT_ALLOWED = ("jobs/", "patches/", "demo/__init__.py")


def app_sources():
	for path in sorted(APP.rglob("*.py")):
		relative = path.relative_to(APP).as_posix()
		if path.name.startswith("test_") or relative.startswith(("engine/", "tests/")):
			continue  # the engine never touches a database; tests build what they check
		yield relative, ast.parse(path.read_text(), filename=str(path))


def permission_builders() -> set[str]:
	"""The condition builders of the permission modules (permissions/*.py, not their tests)."""
	names = set()
	for path in sorted(PERMISSIONS.glob("*.py")):
		if not path.name.startswith("test_") and path.name != "matrix.py":
			tree = ast.parse(path.read_text())
			names |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
	return names


def functions_with_parents(tree):
	"""(function, node) for every node, with its innermost enclosing function (or None)."""

	def walk(node, function):
		for child in ast.iter_child_nodes(node):
			inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
			yield inner, child
			yield from walk(child, inner)

	yield from walk(tree, None)


class SqlRule:
	def __init__(self, builders: set[str]):
		self.builders = builders

	def call_name(self, call: ast.Call) -> str | None:
		func = call.func
		return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)

	def bindings(self, function, name: str) -> list[ast.expr]:
		"""Every value `name` is bound to in `function`: assignments, and list appends."""
		values = []
		for node in ast.walk(function):
			if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
				values.append(node.value)
			elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name and node.value:
				values.append(node.value)
			elif (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Attribute)
				and node.func.attr in {"append", "extend"}
				and getattr(node.func.value, "id", None) == name
			):
				values.extend(node.args)
		return values

	def safe(self, expr, function, depth: int = 0) -> bool:
		if depth > 6:
			return False
		if isinstance(expr, ast.Constant):
			return isinstance(expr.value, str | int | float)
		if isinstance(expr, ast.JoinedStr):
			return all(
				self.safe(v.value, function, depth + 1)
				for v in expr.values
				if isinstance(v, ast.FormattedValue)
			)
		if isinstance(expr, ast.List | ast.Tuple):
			return all(self.safe(e, function, depth + 1) for e in expr.elts)
		if isinstance(expr, ast.IfExp):
			return self.safe(expr.body, function, depth + 1) and self.safe(expr.orelse, function, depth + 1)
		if isinstance(expr, ast.Call):
			name = self.call_name(expr)
			if name in SAFE_CALLS or name in self.builders:
				return True
			if name == "join" and isinstance(expr.func.value, ast.Constant):  # " or ".join(parts)
				return all(self.safe(a, function, depth + 1) for a in expr.args)
			return False
		if isinstance(expr, ast.Name):
			if expr.id.isupper():
				return True  # a module constant: fixed text
			if function is None:
				return False
			if (function.name, expr.id) in VETTED_PARAMETERS:
				return True
			values = self.bindings(function, expr.id)
			return bool(values) and all(self.safe(v, function, depth + 1) for v in values)
		return False


def sql_problems() -> list[str]:
	rule = SqlRule(permission_builders())
	problems = []
	for relative, tree in app_sources():
		for function, node in functions_with_parents(tree):
			where = f"{relative}:{getattr(node, 'lineno', '?')}"
			if isinstance(node, ast.JoinedStr):
				text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
				if SQL.search(text) and not rule.safe(node, function):
					problems.append(f"{where}: an f-string builds SQL from a value that is not fixed text")
			if isinstance(node, ast.Call) and rule.call_name(node) in DB_CALLS and node.args:
				query = node.args[0]
				if isinstance(query, ast.Call) and rule.call_name(query) == "format":
					problems.append(f"{where}: SQL built with .format()")
				elif isinstance(query, ast.BinOp) and isinstance(query.op, ast.Mod | ast.Add):
					problems.append(f"{where}: SQL built with % or +")
				elif not rule.safe(query, function):
					problems.append(f"{where}: SQL that is not fixed text")
			if isinstance(node, ast.Call) and rule.call_name(node) == "format":
				target = node.func.value if isinstance(node.func, ast.Attribute) else None
				if isinstance(target, ast.Constant) and SQL.search(str(target.value)):
					problems.append(f"{where}: SQL built with .format()")
	return problems


def test_sql_is_never_built_from_values():
	assert sql_problems() == []


def test_the_sql_check_catches_what_it_forbids():
	"""The rule itself: an f-string or .format() with a value in it is refused."""
	rule = SqlRule({"_visible_cases"})
	source = """
def bad(user):
	frappe.db.sql(f"select name from `tabCase` where owner = '{user}'")
def bad_format(user):
	frappe.db.sql("select name from `tabCase` where owner = '{0}'".format(user))
def good(user):
	scope = _visible_cases(user)
	frappe.db.sql(f"select name from `tabCase` where name in ({scope}) and owner = {frappe.db.escape(user)}")
"""
	tree = ast.parse(source)
	verdicts = {}
	for function in tree.body:
		call = next(n for n in ast.walk(function) if isinstance(n, ast.Call) and rule.call_name(n) == "sql")
		verdicts[function.name] = rule.safe(call.args[0], function)
	assert verdicts == {"bad": False, "bad_format": False, "good": True}


def test_commits_only_in_jobs_patches_and_the_demo_command():
	found = []
	for relative, tree in app_sources():
		for node in ast.walk(tree):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Attribute)
				and node.func.attr == "commit"
				and ast.unparse(node.func.value) == "frappe.db"
				and not relative.startswith(COMMIT_ALLOWED)
			):
				found.append(f"{relative}:{node.lineno}")
	assert found == []


# Guest endpoints that authenticate by a signature rather than a token, each with the call
# that checks it and why it must be open to guests.
SIGNED_WEBHOOKS = {
	# The SMS gateway posts clients' texts (#21); it has no session. receive_request refuses
	# any request without a valid HMAC-SHA256 of its body by the settings' secret, a fresh
	# timestamp and a new message id, and stores nothing for it (services/inbound.py).
	"api/inbound.py:receive": "receive_request",
}


# Guest endpoints opened by a link's token (a random token stored only as a hash, with an
# expiry), each with why it must be open to guests. Any other guest method fails the check.
TOKEN_LINKS = {
	# A partner organisation answers a referral from the emailed link; partners without an
	# account have no session (services/referrals.py check_link).
	"api/partner.py:respond": "check_link",
	# A client confirms, asks to move or cancels one visit from the link in their reminder;
	# clients have no accounts. The token opens that visit only, until it expires, while the
	# visit is still scheduled and its time has not passed (services/visit_links.py check_link).
	"api/visit_links.py:respond": "answer",
	# The client's own page (/my-page), from the link the caseworker sent by hand; clients have
	# no accounts. The token opens that case's page only, until it expires or is revoked, while
	# the case is open: it answers the case's own upcoming visits, and keeps a message for the
	# caseworker, rate-limited per link and per address (services/client_page.py check_page).
	"api/client_page.py:respond": "client_page.respond",
	"api/client_page.py:send_message": "client_page.send_message",
}


def test_guest_methods_check_a_token():
	guest_methods = []
	for relative, tree in app_sources():
		for node in ast.walk(tree):
			if not isinstance(node, ast.FunctionDef):
				continue
			for decorator in node.decorator_list:
				if isinstance(decorator, ast.Call) and any(
					k.arg == "allow_guest" and getattr(k.value, "value", False) is True
					for k in decorator.keywords
				):
					params = {a.arg for a in node.args.args}
					calls = {
						ast.unparse(n.func)
						for n in ast.walk(node)
						if isinstance(n, ast.Call)
						and any(a for a in n.args if getattr(a, "id", None) == "token")
					}
					name = f"{relative}:{node.name}"
					if name in SIGNED_WEBHOOKS:
						called = {ast.unparse(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
						guest_methods.append((name, SIGNED_WEBHOOKS[name] in called))
						continue
					guest_methods.append((name, "token" in params and bool(calls)))
	assert guest_methods, "the partner link is a guest method: the check must see it"
	assert [name for name, checked in guest_methods if not checked] == []
	assert set(SIGNED_WEBHOOKS) <= {name for name, _checked in guest_methods}
	assert {name for name, _checked in guest_methods} == set(SIGNED_WEBHOOKS) | set(TOKEN_LINKS)


def guest_methods_and_their_limits() -> dict[str, list[str]]:
	found = {}
	for relative, tree in app_sources():
		for node in ast.walk(tree):
			if isinstance(node, ast.FunctionDef) and any(
				isinstance(d, ast.Call)
				and any(
					k.arg == "allow_guest" and getattr(k.value, "value", False) is True for k in d.keywords
				)
				for d in node.decorator_list
			):
				found[f"{relative}:{node.name}"] = [
					ast.unparse(d.func) for d in node.decorator_list if isinstance(d, ast.Call)
				]
	return found


def test_guest_methods_are_limited_by_the_apps_own_limits():
	found = guest_methods_and_their_limits()
	unlimited = [
		name
		for name, decorators in found.items()
		if name not in SIGNED_WEBHOOKS and "rate_limit" not in decorators
	]
	assert found and unlimited == []
	for relative, tree in app_sources():
		for node in ast.walk(tree):
			if isinstance(node, ast.ImportFrom) and node.module == "frappe.rate_limiter":
				raise AssertionError(f"{relative} imports Frappe's rate limiter: use services/limits.py")


def test_no_role_all_or_guest_anywhere():
	found = []
	for path in sorted(APP.rglob("*.json")):
		text = path.read_text()
		if '"role"' not in text and '"roles"' not in text:
			continue
		data = json.loads(text)
		rows = data if isinstance(data, list) else [data]
		for row in rows:
			if not isinstance(row, dict):
				continue
			for key in ("permissions", "roles"):
				for entry in row.get(key) or []:
					role = entry.get("role") if isinstance(entry, dict) else entry
					if role in {"All", "Guest"}:
						found.append(f"{path.relative_to(APP)}: {role}")
	assert found == []


def load_matrix():
	spec = importlib.util.spec_from_file_location("matrix", APP / "permissions" / "matrix.py")
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module


def test_the_declared_table_matches_the_role_permissions(doctypes):
	matrix = load_matrix()
	table = matrix.parse()
	app = {name for name, dt in doctypes.items() if not dt.get("istable")}
	assert set(table) == app
	disagreements = []
	for name in sorted(app):
		dt = doctypes[name]
		perms = {p["role"]: p for p in dt["permissions"] if not p.get("permlevel")}
		for role in matrix.ROLES:
			allowed, _reach = table[name][role]
			granted = perms.get(role, {})
			for action in ("read", "write", "create", "delete", "report", "export"):
				if dt.get("issingle") and action not in {"read", "write"}:
					continue
				if bool(granted.get(action)) != (action in allowed):
					disagreements.append(
						f"{name} / {role} / {action}: doctype says {bool(granted.get(action))}"
					)
			if ("list" in allowed) != bool(granted.get("read")) and not dt.get("issingle"):
				disagreements.append(f"{name} / {role}: list without read, or read without list")
	assert disagreements == []
