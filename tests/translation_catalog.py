"""The app's translatable messages, found the way Frappe v15 finds them, and its es.csv rows.

Frappe (`frappe.translate.get_messages_for_app`) collects: `_("…")` in every .py file of the app
(babel), `_("…")` / `__("…")` in every .html / .js / .vue file (a regular expression), and from
each doctype its name, module, description, field labels and descriptions, Select options and
the roles of its permissions; report names, columns and filters; the states, messages and actions
of the workflows on the app's doctypes. This module reads the same sources without Frappe, and
also what Frappe renders through `_()` / `__()` without collecting it: the print formats' HTML
(kept inside their JSON), the workspace's labels, number cards, dashboard charts, the dashboard
and the portal menu of hooks.py.

A message is looked up as Frappe's `_()` looks it up: from Python and Jinja with HTML tags
removed and spaces trimmed; from a script as written.
"""

import ast
import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from translation_js import tokenize

TAG = re.compile(r"<[^>]*>")
# `_(` or `__(`, then one string literal (Frappe's extractor reads the literal as written)
CALL = re.compile(r"(?<![\w.$])(_{1,2})\(\s*(?P<q>\"|')(?P<m>(?:(?!(?P=q)).)*)(?P=q)")


@dataclass(frozen=True)
class Message:
	text: str  # the key Frappe looks up
	where: str  # "path:line" or "DocType: …"


def translatable(text: str) -> bool:
	"""Frappe's own test of a message worth translating."""
	return bool(
		text
		and re.search("[a-zA-Z]", text)
		and not text.startswith("fa fa-")
		and not text.endswith("px")
		and not text.startswith("eval:")
	)


def server_key(text: str) -> str:
	"""The key `frappe._` looks up for `text`: without HTML tags, trimmed."""
	return TAG.sub("", text).strip() if TAG.search(text) else text.strip()


def from_python(source: str, where: str) -> list[Message]:
	out = []
	for node in ast.walk(ast.parse(source)):
		if not isinstance(node, ast.Call) or not node.args:
			continue
		func = node.func
		name = (
			func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
		)
		first = node.args[0]
		if name in ("_", "_lt") and isinstance(first, ast.Constant) and isinstance(first.value, str):
			if first.value:  # Frappe's Python extractor keeps every literal, words or not
				out.append(Message(server_key(first.value), f"{where}:{node.lineno}"))
	return out


def from_markup(source: str, where: str, script: bool = False) -> list[Message]:
	"""`_("…")` in Jinja / `__("…")` in scripts, as Frappe's regular expression finds them."""
	out = []
	for m in CALL.finditer(source):
		text = m.group("m").replace("\\'", "'").replace('\\"', '"') if script else m.group("m")
		if translatable(text):
			key = text if script else server_key(text)
			out.append(Message(key, f"{where}:{source.count(chr(10), 0, m.start()) + 1}"))
	if script:
		out += [Message(option, f"{where}:{line}") for line, option in select_options(source)]
	return out


def select_options(code: str) -> list[tuple[int, str]]:
	"""The options of Select fields a script declares (`options: "\\nLow\\nHigh"`): Frappe's
	Select control shows each through __(), though its extractor does not collect them."""
	tokens = tokenize(code)
	out = []
	for k in range(len(tokens) - 2):
		if tokens[k].value == "options" and tokens[k + 1].value == ":" and tokens[k + 2].kind == "string":
			if "\n" in tokens[k + 2].value:
				out += [(tokens[k].line, o) for o in tokens[k + 2].value.split("\n") if translatable(o)]
	return out


def from_doctype(data: dict) -> list[str]:
	texts = [data["name"], data.get("module"), data.get("description")]
	for field in data.get("fields", []):
		texts += [field.get("label"), field.get("description")]
		options = field.get("options") or ""
		if field.get("fieldtype") == "Select" and options and "icon" not in options.split("\n")[0]:
			texts += options.split("\n")
		if field.get("fieldtype") == "HTML" and options:
			texts.append(options)
	texts += [p.get("role") for p in data.get("permissions", [])]
	return [t for t in texts if t and translatable(t)]


def from_workflow(data: dict) -> list[str]:
	texts = [s.get("state") for s in data.get("states", [])] + [
		s.get("message") for s in data.get("states", [])
	]
	texts += [t.get("action") for t in data.get("transitions", [])]
	return [t for t in texts if t and translatable(t)]


def from_desk_json(data: dict) -> list[str]:
	"""What the desk shows of a workspace, number card, dashboard chart or dashboard."""
	kind = data.get("doctype")
	texts = []
	if kind == "Workspace":
		texts += [data.get("label"), data.get("title")]
		for table in ("links", "shortcuts", "charts", "number_cards", "quick_lists", "custom_blocks"):
			texts += [row.get("label") for row in data.get(table, [])]
		for block in json.loads(data.get("content") or "[]"):
			if block.get("type") == "header":
				texts.append(server_key(block["data"].get("text", "")))
	elif kind == "Number Card":
		texts.append(data.get("label"))
	elif kind == "Dashboard Chart":
		texts.append(data.get("chart_name"))
	elif kind == "Dashboard":
		texts.append(data.get("dashboard_name"))
	elif kind == "Report":
		texts += [data.get("report_name"), data.get("name")]
		texts += [c.get("label") for c in data.get("columns", [])] + [
			f.get("label") for f in data.get("filters", [])
		]
	return [t for t in texts if t and translatable(t)]


def app_messages(app: Path) -> list[Message]:
	"""Every message of the app, with where it is (the first place when it is in several)."""
	rel = app.parent
	out: list[Message] = []
	for path in sorted(app.rglob("*")):
		if "__pycache__" in path.parts or "node_modules" in path.parts or not path.is_file():
			continue
		where = str(path.relative_to(rel))
		if path.suffix == ".py":
			out += from_python(path.read_text(encoding="utf-8"), where)
		elif path.suffix in (".html", ".js", ".vue"):
			out += from_markup(path.read_text(encoding="utf-8"), where, script=path.suffix != ".html")
		elif path.suffix == ".json" and path.parent.name == path.stem:
			data = json.loads(path.read_text(encoding="utf-8"))
			if not isinstance(data, dict):
				continue
			if data.get("doctype") == "DocType":
				out += [Message(t, f"DocType: {data['name']}") for t in from_doctype(data)]
			elif data.get("doctype") == "Print Format" and data.get("html"):
				out += from_markup(data["html"], where)
			else:
				out += [Message(t, where) for t in from_desk_json(data)]
	workflow = app / "setup" / "defaults" / "case_workflow.json"
	out += [Message(t, f"Workflow: {workflow.name}") for t in from_workflow(json.loads(workflow.read_text()))]
	out += [
		Message(t, f"{where}: shown through _()") for where, t in shipped_records(app / "setup" / "defaults")
	]
	hooks = ast.parse((app / "hooks.py").read_text())
	for node in ast.walk(hooks):
		if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "portal_menu_items":
			out += [
				Message(item["title"], "hooks.py: portal_menu_items") for item in ast.literal_eval(node.value)
			]
	first: dict[str, Message] = {}
	for message in out:
		first.setdefault(message.text, message)
	return sorted(first.values(), key=lambda m: m.text)


def shipped_records(defaults: Path) -> list[tuple[str, str]]:
	"""The words of the records the app ships (setup/defaults/) that pages show through _(): the
	scoring instrument's domains, questions and answers, the intake checklist's items and the
	note templates' descriptions. An agency's own records show as written (or as its
	Translation records say)."""
	out = []
	instrument = json.loads((defaults / "scoring_instrument.json").read_text())
	out += [d["domain"] for d in instrument["domains"]] + [q["question"] for q in instrument["questions"]]
	out += [o["answer"] for o in instrument["answer_options"]]
	checklist = json.loads((defaults / "intake_checklist_template.json").read_text())
	out += [row["item"] for row in checklist["items"]]
	out += [t["description"] for t in json.loads((defaults / "note_templates.json").read_text())]
	return [(f"setup/defaults ({text[:20]}…)", text) for text in dict.fromkeys(out) if translatable(text)]


# ------------------------------------------------------------------------------ es.csv -------
PLACES = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[\w.]*\}|%\([\w]+\)[sdf]|%[sdf]|</?[a-zA-Z][\w-]*|\$\{[^}]*\}")


def placeholders(text: str) -> Counter:
	"""The parts of a message a translation must keep as they are: {0}, {name}, {{ … }}, %s,
	%(name)s, HTML tags (by name)."""
	return Counter(re.sub(r"\s+", "", p) for p in PLACES.findall(text))


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
	with open(path, encoding="utf-8", newline="") as f:
		return [(n, row) for n, row in enumerate(csv.reader(f), start=1) if row]


# Words written the same in Spanish: a row may copy these (and codes, below) as they are.
SAME_IN_SPANISH = {"Alaska", "Manual", "No", "Portal", "Total"}


def same_in_spanish(text: str) -> bool:
	"""Whether a row may give `text` as its own Spanish: a word spelt the same in both, or a
	code with no lowercase word in it (SSI, TANF, a naming series, "{0}: {1}")."""
	return text in SAME_IN_SPANISH or not re.search(r"[a-z]{2,}", PLACES.sub("", text))


def row_problems(rows: list[tuple[int, list[str]]]) -> list[str]:
	"""What is wrong with translation rows: their shape, placeholders, duplicates, glossary."""
	problems, seen = [], {}
	for n, row in rows:
		if len(row) not in (2, 3) or not row[0] or not row[1].strip():
			problems.append(f"row {n}: not 'English,Spanish[,context]': {row}")
			continue
		source, target = row[0], row[1]
		if source == target and not same_in_spanish(source):
			problems.append(f"row {n}: the Spanish copies the English: {source!r}")
		if placeholders(source) != placeholders(target):
			problems.append(f"row {n}: placeholders differ: {source!r} -> {target!r}")
		if source != source.strip():
			problems.append(f"row {n}: spaces around the English, which _() never looks up: {source!r}")
		if re.search(r"trabajador/a", target, re.I):
			problems.append(f"row {n}: the glossary writes 'trabajador(a) social': {target!r}")
		key = (source, row[2] if len(row) == 3 else "")
		if key in seen:
			earlier_n, earlier = seen[key]
			differs = "with another translation" if earlier != target else "again"
			problems.append(
				f"row {n}: {source!r} already on row {earlier_n}, {differs}: {earlier!r} / {target!r}"
			)
		else:
			seen[key] = (n, target)
	return problems


def missing(messages: list[Message], rows: list[tuple[int, list[str]]]) -> list[Message]:
	"""Messages with no Spanish row."""
	known = {row[0] for _n, row in rows if len(row) >= 2 and row[1].strip()}
	return [m for m in messages if m.text not in known]
