"""Find Python messages that are not marked for translation (tests/test_translations.py).

- The app's Python: `frappe.throw` / `frappe.msgprint` (the message and `title=`), the app's
  own wrappers of them and the frappe exceptions raised with a message must be `_()`; `_()`
  must be given the template, never a string already formatted (an f-string, `%` or `.format`
  inside it), nor run at import (no reader's language yet).
- The engine (pure Python, engine/i18n.py): every sentence it writes is marked with `_()` or
  `_lt()`.
"""

import ast
import re

from translation_scan import linguistic

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


def throw_wrappers(source: str) -> set[str]:
	"""Functions of the app that hand one of their parameters to frappe.throw / msgprint as the
	message (`bad_input(message)`): a call to one is a message to a person too."""
	found = set()
	for func in ast.walk(ast.parse(source)):
		if isinstance(func, ast.FunctionDef):
			params = {a.arg for a in func.args.args}
			for node in ast.walk(func):
				if isinstance(node, ast.Call) and _call_name(node) in PY_SINKS and node.args:
					if isinstance(node.args[0], ast.Name) and node.args[0].id in params:
						found.add(func.name)
	return found


def unmarked_in_python(source: str, sinks: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
	"""(line, text) of each message given to a person from Python without `_()`: to
	frappe.throw / msgprint or to one of `sinks` (the app's wrappers of them)."""
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
		if name in PY_SINKS or name in sinks:
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
