"""Find user-facing text that is not marked for translation (tests/test_translations.py).

Three readers, one per kind of source:
- templates (Jinja HTML: portal pages, their includes, the print formats' HTML): the text a
  person reads — text nodes, the attributes placeholder / title / aria-label / alt, the text a
  script takes from data-* attributes, and string literals a `{{ }}` prints — must come from
  `_()`;
- scripts (the portal's and the desk's): string literals in the places a person reads them
  (arguments of msgprint / throw / show_alert / confirm / add_custom_button …, dialog and field
  labels, titles and descriptions, textContent / innerText / placeholder, HTML built in a
  string, English fallbacks after `||`) must come from `__()`;
- Python: `frappe.throw` / `frappe.msgprint` (the message and `title=`) and the frappe
  exceptions raised with a message must be `_()`, and `_()` must be given the template, never
  a string already formatted (an f-string, `%` or `.format` inside `_()`).

Each finding is (path, line, text). `linguistic` decides what counts as words: see ALLOWED.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from translation_js import tokenize

# Text that is not language, so needs no translation. Each entry says why; never add a word or
# a sentence here to make the check pass: mark it with _() / __() instead.
ALLOWED = {
	"PDF",  # a file format's name, the same in every language
	"SMS",  # the technology's name
	"HMIS",  # the federal data standard's code
	"E.164",  # the phone-number standard
	"yyyy-mm-dd",  # a date pattern the script fills in, not words
	"CL-YYYY-#####",  # a naming series
	"x",  # the multiplication sign in "3 x 2"
	"ok",  # a status code compared by scripts, never shown
}
PLACEHOLDER = re.compile(
	r"\{\{.*?\}\}|\{\d*\}|\{[a-z_]+\}|%\([a-z_]+\)s|%[sdfg]|\$\{\}|&[a-z]+;|&#\d+;|<[^>]*>", re.S
)


def linguistic(text: str) -> bool:
	"""Whether `text` holds words a reader would need in their language."""
	text = PLACEHOLDER.sub(" ", text).strip()
	if text in ALLOWED or not re.search(r"[A-Za-z]", text):
		return False
	return True


def wordy(text: str) -> bool:
	"""Words, and not a lowercase identifier (a field name, a CSS class, a colour, a key)."""
	return linguistic(text) and not re.fullmatch(r"[a-z][a-z0-9_\-]*", text.strip())


# ---------------------------------------------------------------- templates (Jinja HTML) ---
JINJA = re.compile(r"\{\{(?P<out>.*?)\}\}|\{%(?P<stmt>.*?)%\}|\{#.*?#\}", re.S)
TEXT_ATTRS = {"placeholder", "title", "aria-label", "alt"}
# data-* attributes that are code, not text (method names, keys, ids, flags)
CODE_DATA = re.compile(
	r"data-(method|row|section|list|services-of|case|item|checklist|step-.*|.*-for|show-it)$"
)


def _jinja_literals(expr: str):
	"""String literals a Jinja expression prints itself: at the top level of the expression, not
	inside a call (`_("…")`, a filter's arguments), not compared, not a subscript."""
	depth = 0
	for m in re.finditer(r"""(?P<s>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<o>[(\[{])|(?P<c>[)\]}])""", expr):
		if m.group("o"):
			depth += 1
		elif m.group("c"):
			depth -= 1
		elif depth == 0:
			before = expr[: m.start()].rstrip()
			after = expr[m.end() :].lstrip()
			if re.search(r"(==|!=|\bin|\bis|\bnot)$", before) or re.match(r"(==|!=|in\b|not in\b)", after):
				continue
			if before.endswith("|") or after.startswith("|") and not re.match(r"\|\s*(e|safe)\b", after):
				continue
			yield m.group("s")[1:-1], expr[: m.start()].count("\n")


class _TemplateText(HTMLParser):
	def __init__(self):
		super().__init__(convert_charrefs=True)
		self.found: list[tuple[int, str]] = []
		self.skip = 0

	def handle_starttag(self, tag, attrs):
		if tag in ("style", "script"):
			self.skip += 1
		attrs = dict(attrs)
		for name, value in attrs.items():
			if value and (name in TEXT_ATTRS or name.startswith("data-") and not CODE_DATA.match(name)):
				if name.startswith("data-") and not re.search(
					r"[A-Za-z]{2,}\s+[A-Za-z]|^[A-Z][a-z]+$", value
				):
					continue
				if linguistic(value):
					self.found.append((self.getpos()[0], f"{name}={value!r}"))
		if (
			tag == "input"
			and attrs.get("type") in ("submit", "button")
			and linguistic(attrs.get("value") or "")
		):
			self.found.append((self.getpos()[0], f"value={attrs['value']!r}"))

	def handle_endtag(self, tag):
		if tag in ("style", "script") and self.skip:
			self.skip -= 1

	def handle_data(self, data):
		if not self.skip and linguistic(data):
			self.found.append((self.getpos()[0], data.strip()))


def _in_tag_attr(blanked: str, pos: int) -> str | None:
	"""Inside a tag at `pos`: the attribute whose value holds pos ("" for the tag itself);
	None in text."""
	if blanked.rfind("<", 0, pos) <= blanked.rfind(">", 0, pos):
		return None
	m = re.search(r"([\w:-]+)=[\"'][^\"']*$", blanked[blanked.rfind("<", 0, pos) : pos])
	return m.group(1) if m else ""


def unmarked_in_template(source: str, first_line: int = 1) -> list[tuple[int, str]]:
	"""(line, text) of each piece of words in a Jinja HTML template not given through `_()`."""
	found = []
	# the template with every Jinja block blanked out (same length, same lines)
	blanked = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
	for m in JINJA.finditer(source):
		line = first_line + source.count("\n", 0, m.start())
		expr, check = m.group("out"), linguistic
		if expr is None and m.group("stmt") and re.match(r"\s*set\s", m.group("stmt")):
			expr, check = m.group("stmt").split("=", 1)[-1], wordy
		attr = _in_tag_attr(blanked, m.start())
		if attr is not None and attr not in TEXT_ATTRS:
			continue  # a class, a flag or a value in a tag: code, not what the page says
		for text, offset in _jinja_literals(expr or ""):
			if check(text):
				found.append((line + offset, f"{{{{ {text!r} }}}}"))

	def blank(m):  # keep the lines, drop the Jinja: what is left is what the page says itself
		return "\n" * m.group().count("\n") + (" {{}} " if m.group("out") is not None else " ")

	for m in re.finditer(r"_\(\s*'(?:[^'\\\n]|\\.)*\\'", source):
		line = first_line + source.count("\n", 0, m.start())
		found.append((line, "an escaped quote cuts the message for Frappe's extractor: " + m.group()))

	parser = _TemplateText()
	parser.feed(JINJA.sub(blank, source))
	parser.close()
	found += [(first_line + line - 1, text) for line, text in parser.found]
	return sorted(found)


# ---------------------------------------------------------------------------- scripts --------
# call -> positions of the arguments a person reads (None: every argument)
SINK_CALLS = {
	"msgprint": None, "throw": None, "show_alert": (0,), "confirm": (0,), "prompt": (2, 3),
	"add_custom_button": (0, 2), "set_intro": (0,), "set_title": (0,), "set_description": (0,),
	"add_comment": (0,), "set_primary_action": (0,), "set_secondary_action_label": (0,),
	"add_menu_item": (0,), "add_inner_button": (0, 1), "set_indicator": (0,), "alert": (0,),
	"announce": (0,), "showError": (1,), "createTextNode": (0,), "el": (2,), "say": (0,),
}  # fmt: skip
SINK_KEYS = {
	"label", "title", "description", "message", "placeholder", "primary_action_label",
	"secondary_action_label", "indicator_label", "empty_state_message",
}  # fmt: skip
SINK_PROPS = {"textContent", "innerText", "innerHTML", "placeholder", "title", "ariaLabel", "outerHTML"}
SINK_ATTRS = TEXT_ATTRS | {"aria-description"}


def _html_text(markup: str) -> list[str]:
	parser = _TemplateText()
	parser.feed(markup)
	parser.close()
	return [text for _line, text in parser.found if text.strip() != "${}"]


def unmarked_in_script(code: str) -> list[tuple[int, str]]:
	"""(line, text) of each literal a person would read that is not given through `__()`."""
	tokens = tokenize(code)
	found: list[tuple[int, str]] = []
	stack: list[dict] = []  # open brackets: {"b": "(", "call": name, "arg": i, "first": str, "key": str}
	sink_depth = None  # depth of an assignment to textContent / innerHTML … while it lasts
	for k, tok in enumerate(tokens):
		prev = tokens[k - 1] if k else None
		if tok.kind == "punct" and tok.value in "([{":
			call = None
			if tok.value == "(" and prev is not None and prev.kind == "ident":
				call = prev.value
			stack.append({"b": tok.value, "call": call, "arg": 0, "first": None, "key": None})
			continue
		if tok.kind == "punct" and tok.value in ")]}":
			if stack:
				stack.pop()
			if sink_depth is not None and len(stack) < sink_depth:
				sink_depth = None
			continue
		if tok.kind == "punct" and tok.value in (",", ";"):
			if stack:
				stack[-1]["arg"] += tok.value == ","
				stack[-1]["key"] = None
			if sink_depth is not None and len(stack) <= sink_depth:
				sink_depth = None
			continue
		if tok.kind == "punct" and tok.value == ":" and stack and stack[-1]["b"] == "{" and prev is not None:
			if prev.kind in ("ident", "string"):
				stack[-1]["key"] = prev.value
			continue
		if tok.kind == "punct" and tok.value == "=" and prev is not None and prev.value in SINK_PROPS:
			if k >= 2 and tokens[k - 2].value == ".":
				sink_depth = len(stack)
			continue
		if tok.kind not in ("string", "template"):
			continue
		nxt = tokens[k + 1] if k + 1 < len(tokens) else None
		top = stack[-1] if stack else None
		if top and top["b"] == "(" and top["arg"] == 0 and top["first"] is None:
			top["first"] = tok.value
		if top and top["call"] == "__" and top["arg"] == 0:
			if tok.kind == "template" and len(tok.parts) > 1 or nxt is not None and nxt.value == "+":
				found.append((tok.line, f"formatted before translation: __({tok.value!r} …)"))
			continue  # marked
		if nxt is not None and nxt.value == ":" and top and top["b"] == "{":
			continue  # an object key
		text, why = tok.value, None
		if re.search(r"<[a-zA-Z][^>]*>", text):
			for piece in _html_text(text):
				found.append((tok.line, piece))
			continue
		if not wordy(text):
			continue
		if prev is not None and prev.value in ("||", "??"):
			why = "fallback"
		elif top and top["b"] == "(" and top["call"] in SINK_CALLS:
			args = SINK_CALLS[top["call"]]
			why = args is None or top["arg"] in args
		elif top and top["b"] == "(" and top["call"] == "setAttribute" and top["arg"] == 1:
			why = top["first"] in SINK_ATTRS
		elif top and top["b"] == "{" and top["key"] in SINK_KEYS:
			why = True
		elif sink_depth is not None and len(stack) == sink_depth:
			why = True
		# an object literal given to a call: {title: "…"} is caught by the key rule above
		if why:
			found.append((tok.line, text))
	return found


# ----------------------------------------------------------------------------- Python --------
PY_SINKS = {"throw", "msgprint"}
FRAPPE_ERRORS = re.compile(r"(ValidationError|PermissionError|DoesNotExistError|.*Error)$")


def _is_marked(node: ast.AST) -> bool:
	"""Whether a message expression is translated: `_("…")`, `_("…").format(…)`, `_("…") % …`, a
	choice between marked ones, or a join/concatenation of marked ones and punctuation."""
	if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_lt"):
		return True
	if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
		return _is_marked(node.func.value)
	if isinstance(node, ast.BinOp):
		if isinstance(node.op, ast.Mod):
			return _is_marked(node.left)
		if isinstance(node.op, ast.Add):
			return all(_is_marked(side) or not _literal_words(side) for side in (node.left, node.right))
	if isinstance(node, ast.IfExp):
		return _is_marked(node.body) and _is_marked(node.orelse)
	if isinstance(node, ast.JoinedStr):
		return not _literal_words(node)
	return not _literal_words(node)


def _literal_words(node: ast.AST) -> bool:
	"""Whether the expression itself holds words written in the code (a str literal or f-string
	with words, or a concatenation / format of one)."""
	if isinstance(node, ast.Constant) and isinstance(node.value, str):
		return linguistic(node.value)
	if isinstance(node, ast.JoinedStr):
		return any(linguistic(v.value) for v in node.values if isinstance(v, ast.Constant))
	if isinstance(node, ast.BinOp):
		return _literal_words(node.left) or _literal_words(node.right)
	if (
		isinstance(node, ast.Call)
		and isinstance(node.func, ast.Attribute)
		and node.func.attr in ("format", "join")
	):
		return _literal_words(node.func.value)
	if isinstance(node, ast.IfExp):
		return _literal_words(node.body) or _literal_words(node.orelse)
	return False


def _formatted(node: ast.AST) -> bool:
	"""A string made before it is translated: an f-string, `+`, `%` or `.format` / `.join`."""
	if isinstance(node, ast.JoinedStr | ast.BinOp):
		return True
	return (
		isinstance(node, ast.Call)
		and isinstance(node.func, ast.Attribute)
		and node.func.attr in ("format", "join")
	)


def _loose_literals(node: ast.AST) -> list[str]:
	"""Non-empty str literals in an expression outside any call in it (what babel would take)."""
	if isinstance(node, ast.Constant):
		return [node.value] if isinstance(node.value, str) and node.value else []
	if isinstance(node, ast.Call):
		return []
	return [s for child in ast.iter_child_nodes(node) for s in _loose_literals(child)]


def _at_import(node: ast.AST) -> list[tuple[int, str]]:
	"""`_()` calls run when the module is imported (outside any function): Frappe's `_` needs the
	reader's language, which only a request or a job has (use `_lt` there)."""
	out = []
	for child in ast.iter_child_nodes(node):
		if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
			continue
		if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "_":
			out.append((child.lineno, ast.unparse(child)))
		out += _at_import(child)
	return out


def _call_name(node: ast.Call) -> str | None:
	func = node.func
	if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "frappe":
		return func.attr
	if isinstance(func, ast.Name):
		return func.id
	return None


def unmarked_in_python(source: str) -> list[tuple[int, str]]:
	"""(line, text) of each message given to a person from Python without `_()`."""
	tree = ast.parse(source)
	found = []
	assigned: dict[str, list[ast.AST]] = {}
	for node in ast.walk(tree):
		if isinstance(node, ast.Assign):
			for target in node.targets:
				if isinstance(target, ast.Name):
					assigned.setdefault(target.id, []).append(node.value)

	def check(expr: ast.AST, where: ast.AST):
		values = assigned.get(expr.id, []) if isinstance(expr, ast.Name) else [expr]
		for value in values:
			if not _is_marked(value):
				found.append((where.lineno, ast.unparse(value)))

	if re.search(r"^from frappe import .*\b_\b", source, re.M):
		found += [
			(line, "translated at import, in no reader's language: " + text)
			for line, text in _at_import(tree)
		]
	for node in ast.walk(tree):
		if not isinstance(node, ast.Call):
			continue
		name = _call_name(node)
		if name in ("_", "_lt") and node.args and _formatted(node.args[0]):
			found.append((node.lineno, "formatted before translation: " + ast.unparse(node)))
		elif name in ("_", "_lt") and node.args and not isinstance(node.args[0], ast.Constant):
			# Frappe's extractor (babel) takes a literal inside the argument for the message:
			# `_(x or "missing")` gives "missing", `_(row["source"])` gives "source"
			if _loose_literals(node.args[0]):
				found.append(
					(node.lineno, "a literal inside _(…) that is not the message: " + ast.unparse(node))
				)
		if name in PY_SINKS:
			message = (
				node.args[0]
				if node.args
				else next((kw.value for kw in node.keywords if kw.arg == "msg"), None)
			)
			if message is not None:
				check(message, node)
			for kw in node.keywords:
				if kw.arg == "title":
					check(kw.value, node)
		if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
			if node.func.value.id == "frappe" and FRAPPE_ERRORS.match(node.func.attr) and node.args:
				check(node.args[0], node)
	return sorted(set(found))


# --------------------------------------------------------------------- the engine (pure) -----
SENTENCE = re.compile(r"[A-Za-z]{2,}[^\n]*\s[^\n]*[A-Za-z]{2,}")


def unmarked_in_engine(
	source: str, codes: frozenset[str] = frozenset(), functions: frozenset[str] = frozenset()
) -> list[tuple[int, str]]:
	"""(line, text) of words the engine writes that are not marked with `_()` / `_lt()`
	(engine/i18n.py): every string literal of two words or more, except docstrings, the keys of
	a dict, what is compared, `codes` (values the engine keeps, never shows) and what is inside
	the named `functions`."""
	tree = ast.parse(source)
	skip: set[int] = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.FunctionDef) and node.name in functions:
			skip.update(id(n) for n in ast.walk(node))
		body = getattr(node, "body", None)
		if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
			if isinstance(body[0].value, ast.Constant):
				skip.add(id(body[0].value))  # a docstring
		if isinstance(node, ast.Call) and _call_name(node) in ("_", "_lt"):
			skip.update(id(n) for n in ast.walk(node))
		if isinstance(node, ast.Dict):
			skip.update(id(k) for k in node.keys if k is not None)
		if isinstance(node, ast.Compare):
			skip.update(id(n) for n in [node.left, *node.comparators])
			for side in [node.left, *node.comparators]:
				skip.update(id(n) for n in ast.walk(side) if isinstance(side, ast.Tuple | ast.Set | ast.List))
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
			text = node.value
			if "|" in text:
				continue  # a regular expression's alternatives, not text
			if SENTENCE.search(text) and text not in codes and linguistic(text):
				found.append((node.lineno, text))
	return sorted(set(found))


def scan_files(paths, reader) -> list[str]:
	"""Findings of `reader` over files, as "path:line: text" lines."""
	out = []
	for path in paths:
		path = Path(path)
		for line, text in reader(path.read_text(encoding="utf-8")):
			out.append(f"{path}:{line}: {text}")
	return out
