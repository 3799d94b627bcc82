"""Static checks of the app as Frappe will load it: doctype JSON, hooks, fixtures, defaults."""

import ast
import json
import re

import pytest
from conftest import APP, REPO

# Frappe core doctypes the app links to (checked against Frappe's own tree by the Frappe suite).
FRAPPE_DOCTYPES = {"User", "Language", "Country", "Workflow State", "ToDo", "Role"}
APP_ROLES = {"Caseworker", "Case Supervisor", "Case Management Admin", "Referral Partner", "Program Manager"}
LINK_TYPES = {"Link", "Table", "Table MultiSelect"}


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def test_the_app_has_its_doctypes(doctypes):
	expected = {
		"Client", "Client Emergency Contact", "Case", "Case Checklist Item", "Case Goal", "Household Member",
		"Income Entry", "Referral", "Service Provider", "Service Provider Service", "Service Provider User",
		"Intake Checklist Template", "Intake Checklist Template Item", "Case Note", "Follow-up Visit",
		"Case Management Settings", "Poverty Guideline", "Caseworker Team", "Caseworker Team Member",
		"Duplicate Candidate", "Client Merge Log",
	}  # fmt: skip
	assert expected <= set(doctypes)


def test_doctype_json_is_well_formed(doctypes):
	for name, dt in doctypes.items():
		path = dt["_path"]
		assert path.parent.name == scrub(name) == path.stem, name
		assert dt["module"] == "Case Management", name
		assert dt.get("description", "").strip().endswith("."), f"{name}: one-sentence description"
		fieldnames = [f["fieldname"] for f in dt["fields"]]
		assert len(fieldnames) == len(set(fieldnames)), f"{name}: duplicate fieldnames"
		assert dt["field_order"] == fieldnames, f"{name}: field_order"
		for field in dt["fields"]:
			assert re.fullmatch(r"[a-z][a-z0-9_]*", field["fieldname"]), field["fieldname"]
		if not dt.get("istable"):
			assert dt.get("track_changes") == 1, f"{name}: track_changes"
			assert dt["permissions"], f"{name}: permissions"
		if dt.get("title_field"):
			assert dt["title_field"] in fieldnames, name
		for search_field in filter(None, (dt.get("search_fields") or "").split(",")):
			assert search_field.strip() in fieldnames, f"{name}: search field {search_field}"


def test_every_link_target_exists(doctypes):
	known = set(doctypes) | FRAPPE_DOCTYPES
	for name, dt in doctypes.items():
		for field in dt["fields"]:
			if field["fieldtype"] in LINK_TYPES:
				assert field.get("options") in known, f"{name}.{field['fieldname']} -> {field.get('options')}"
			if field["fieldtype"] in {"Table", "Table MultiSelect"}:
				assert doctypes[field["options"]].get("istable"), f"{name}.{field['fieldname']}"
			fetch = field.get("fetch_from")
			if fetch:
				link_field, target_field = fetch.split(".")
				link = next(f for f in dt["fields"] if f["fieldname"] == link_field)
				if link["options"] in doctypes:
					target = {f["fieldname"] for f in doctypes[link["options"]]["fields"]}
					assert target_field in target, f"{name}.{field['fieldname']} fetch_from {fetch}"


def test_views_and_indexes(doctypes):
	for name in ("Client", "Case"):
		assert doctypes[name].get("track_views") == 1, name
	indexed = {
		"Client": {"last_name", "date_of_birth", "phone", "status"},
		"Case": {"client", "caseworker", "team", "workflow_state", "risk_level", "next_follow_up_date"},
		"Household Member": {"client", "member_client"},
		"Referral": {"case", "service_provider", "status", "due_date"},
		"Case Note": {"case"},
		"Follow-up Visit": {"case", "due_date", "status"},
		"Duplicate Candidate": {"client_a", "client_b", "status"},
		"Client Merge Log": {"survivor", "merged_client"},
	}
	for name, fields in indexed.items():
		have = {f["fieldname"] for f in doctypes[name]["fields"] if f.get("search_index")}
		assert fields <= have, f"{name}: missing indexes {fields - have}"


def test_permissions_name_known_roles_and_never_all_or_guest(doctypes):
	for name, dt in doctypes.items():
		for perm in dt["permissions"]:
			assert perm["role"] in APP_ROLES, f"{name}: {perm['role']}"
	# Only the admin deletes case data; caseworkers cannot export it.
	for name in ("Client", "Case", "Case Note", "Household Member", "Referral", "Follow-up Visit"):
		perms = {p["role"]: p for p in doctypes[name]["permissions"] if not p.get("permlevel")}
		assert not perms["Caseworker"].get("delete") and not perms["Caseworker"].get("export"), name
		assert perms["Case Management Admin"].get("delete"), name


def test_each_doctype_has_a_controller_with_the_right_class(doctypes):
	for name, dt in doctypes.items():
		py = dt["_path"].with_suffix(".py")
		tree = ast.parse(py.read_text())
		classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
		assert classes == [name.replace(" ", "").replace("-", "")], name


def _hooks() -> dict:
	namespace: dict = {}
	exec(compile((APP / "hooks.py").read_text(), "hooks.py", "exec"), namespace)  # plain assignments only
	return namespace


def _dotted_paths(value):
	if isinstance(value, str):
		if value.startswith("case_management."):
			yield value
	elif isinstance(value, dict):
		for v in value.values():
			yield from _dotted_paths(v)
	elif isinstance(value, list | tuple):
		for v in value:
			yield from _dotted_paths(v)


def test_every_hook_points_at_a_function_that_exists():
	hooks = _hooks()
	paths = list(_dotted_paths({k: v for k, v in hooks.items() if not k.startswith("__")}))
	assert paths
	for dotted in paths:
		module, func = dotted.rsplit(".", 1)
		file = REPO / (module.replace(".", "/") + ".py")
		if not file.exists():
			file = REPO / module.replace(".", "/") / "__init__.py"
		assert file.exists(), dotted
		defined = {n.name for n in ast.parse(file.read_text()).body if isinstance(n, ast.FunctionDef)}
		assert func in defined, dotted


def test_hooks_doctypes_exist(doctypes):
	"""Record rules name the app's doctypes, "*" (the app's child tables) and Frappe's records
	about the app's records (permissions/trails.py), nothing else."""
	hooks = _hooks()
	tree = ast.parse((APP / "permissions" / "trails.py").read_text())
	trails = next(
		ast.literal_eval(n.value)
		for n in tree.body
		if isinstance(n, ast.Assign) and n.targets[0].id == "TRAILS"
	)
	for key in ("permission_query_conditions", "has_permission"):
		assert set(hooks[key]) <= set(doctypes) | set(trails) | {"*"}, key
		assert set(hooks[key]) >= set(trails), f"{key}: every trail doctype is narrowed"
	assert hooks["require_type_annotated_api_methods"] is True


def test_fixtures_load_and_match_the_hooks():
	hooks = _hooks()
	for fixture in hooks["fixtures"]:
		path = APP / "fixtures" / f"{scrub(fixture['dt'])}.json"
		records = json.loads(path.read_text())
		wanted = set(fixture["filters"][0][2])
		assert {r["name"] for r in records} == wanted, fixture["dt"]
		assert all(r["doctype"] == fixture["dt"] for r in records)


def test_shipped_workflow_is_consistent():
	workflow = json.loads((APP / "setup" / "defaults" / "case_workflow.json").read_text())
	states = {r["name"] for r in json.loads((APP / "fixtures" / "workflow_state.json").read_text())}
	actions = {r["name"] for r in json.loads((APP / "fixtures" / "workflow_action_master.json").read_text())}
	assert workflow["document_type"] == "Case" and workflow["workflow_state_field"] == "workflow_state"
	assert workflow["states"][0]["state"] == "Intake"  # new cases start here
	assert {s["state"] for s in workflow["states"]} == states
	for t in workflow["transitions"]:
		assert t["state"] in states and t["next_state"] in states and t["action"] in actions, t
		assert t["allowed"] in APP_ROLES, t
	closing = {t["allowed"] for t in workflow["transitions"] if t["next_state"] == "Closed"}
	assert closing == {"Case Supervisor"}
	# Every state can be left, and every state but Intake can be reached.
	assert {t["state"] for t in workflow["transitions"]} == states
	assert {t["next_state"] for t in workflow["transitions"]} == states - {"Intake"}


def test_intake_rule_and_template_defaults():
	rule = json.loads((APP / "setup" / "defaults" / "intake_assignment_rule.json").read_text())
	assert rule["document_type"] == "Case" and rule["rule"] == "Load Balancing"
	assert len(rule["assignment_days"]) == 7
	template = json.loads((APP / "setup" / "defaults" / "intake_checklist_template.json").read_text())
	assert template["is_default"] == 1 and any(i["is_required"] for i in template["items"])


@pytest.mark.parametrize(
	"name",
	[
		"pyproject.toml",
		"setup.py",
		"README.md",
		".ci/run",
		"case_management/modules.txt",
		"case_management/patches.txt",
		"case_management/patches/__init__.py",
	],
)
def test_app_layout(name):
	assert (REPO / name).exists(), name


def test_modules_txt():
	assert (APP / "modules.txt").read_text().split("\n")[0] == "Case Management"


def test_reminders_carry_the_clients_link_and_the_patch_knows_the_old_texts():
	shipped = {
		n["name"]: n for n in json.loads((APP / "setup/defaults/visit_notifications.json").read_text())
	}
	patch = (APP / "patches/v1/visit_reminders_carry_link.py").read_text()
	previous = next(
		ast.literal_eval(node.value)
		for node in ast.walk(ast.parse(patch))
		if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PREVIOUS"
	)
	for name in ("Visit reminder (email)", "Visit reminder (text)"):
		message = shipped[name]["message"]
		assert message.count("{% if doc.confirm_link %}") == 2  # English and Spanish, only when made
		assert "confirm_link" not in previous[name] and previous[name] != message
	assert "case_management.patches.v1.visit_reminders_carry_link" in (APP / "patches.txt").read_text()


def test_spanish_translations_are_well_formed():
	import csv

	from translation_catalog import same_in_spanish

	rows = list(csv.reader((APP / "translations/es.csv").read_text().splitlines()))
	assert rows and all(
		len(r) == 2 and r[0] and r[1] and (r[0] != r[1] or same_in_spanish(r[0])) for r in rows
	)
	assert len({r[0] for r in rows}) == len(rows)
	for source, spanish in rows:
		assert source.count("{0}") == spanish.count("{0}")
