"""A small JavaScript tokenizer for the translation checks (tests/test_translations.py).

It knows what the checks need and no more: comments, string literals, template literals with
their `${...}` substitutions (tokenized in turn), regular-expression literals (told from a
division by the token before), identifiers, numbers and punctuation, each with its line.
"""

import re
from dataclasses import dataclass, field

IDENT = re.compile(r"[A-Za-z_$][\w$]*")
NUMBER = re.compile(r"\d[\w.]*")
PUNCT = re.compile(
	r"=>|\.\.\.|\?\?=?|\?\.|[=!]==?|[<>]=?|&&=?|\|\|=?|[-+*/%&|^]=|\+\+|--|[{}()\[\];,.:?~!<>=+\-*/%&|^@#]"
)
# after these a "/" starts a regular expression, not a division
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {
	"return",
	"typeof",
	"case",
	"do",
	"else",
	"in",
	"of",
	"=>",
	"&&",
	"||",
	"??",
}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@dataclass
class Token:
	kind: str  # "ident", "string", "template", "num", "punct", "regex", "sub_open", "sub_close"
	value: str
	line: int
	parts: list = field(default_factory=list)  # a template literal's static parts, in order


def _unescape(raw: str) -> str:
	out, i = [], 0
	while i < len(raw):
		ch = raw[i]
		if ch == "\\" and i + 1 < len(raw):
			nxt = raw[i + 1]
			if nxt == "\n":
				i += 2
				continue
			out.append(ESCAPES.get(nxt, nxt))
			i += 2
			continue
		out.append(ch)
		i += 1
	return "".join(out)


def tokenize(code: str, line: int = 1) -> list[Token]:
	"""The tokens of `code`; a template literal is a "template" token (its static parts in
	`parts`, its text with each substitution as `${}`) followed by its substitutions' tokens,
	each between "sub_open" and "sub_close"."""
	tokens: list[Token] = []
	i, n = 0, len(code)

	def last() -> Token | None:
		return tokens[-1] if tokens else None

	while i < n:
		ch = code[i]
		if ch == "\n":
			line += 1
			i += 1
		elif ch.isspace():
			i += 1
		elif code.startswith("//", i):
			i = code.find("\n", i)
			i = n if i < 0 else i
		elif code.startswith("/*", i):
			end = code.find("*/", i + 2)
			end = n if end < 0 else end + 2
			line += code.count("\n", i, end)
			i = end
		elif ch in "\"'":
			j = i + 1
			while j < n and code[j] != ch:
				j += 2 if code[j] == "\\" else 1
			tokens.append(Token("string", _unescape(code[i + 1 : j]), line))
			line += code.count("\n", i, j)
			i = j + 1
		elif ch == "`":
			i, line = _template(code, i, line, tokens)
		elif ch == "/" and (
			last() is None or last().value in REGEX_AFTER and last().kind in ("punct", "ident")
		):
			j, in_class = i + 1, False
			while j < n and (code[j] != "/" or in_class) and code[j] != "\n":
				if code[j] == "\\":
					j += 1
				elif code[j] == "[":
					in_class = True
				elif code[j] == "]":
					in_class = False
				j += 1
			j += 1
			while j < n and code[j].isalpha():
				j += 1
			tokens.append(Token("regex", code[i:j], line))
			i = j
		elif m := IDENT.match(code, i):
			tokens.append(Token("ident", m.group(), line))
			i = m.end()
		elif m := NUMBER.match(code, i):
			tokens.append(Token("num", m.group(), line))
			i = m.end()
		elif m := PUNCT.match(code, i):
			tokens.append(Token("punct", m.group(), line))
			i = m.end()
		else:
			i += 1
	return tokens


def _template(code: str, i: int, line: int, tokens: list[Token]) -> tuple[int, int]:
	"""Read the template literal starting at code[i] == "`"; return where it ends and the line."""
	n, j = len(code), i + 1
	parts, subs, buf, start_line = [], [], [], line
	while j < n and code[j] != "`":
		if code[j] == "\\":
			buf.append(code[j : j + 2])
			j += 2
		elif code.startswith("${", j):
			depth, k = 1, j + 2
			while k < n and depth:
				if code[k] in "\"'`":  # skip a literal inside the substitution
					quote, k = code[k], k + 1
					while k < n and code[k] != quote:
						k += 2 if code[k] == "\\" else 1
				elif code[k] == "{":
					depth += 1
				elif code[k] == "}":
					depth -= 1
				k += 1
			parts.append(_unescape("".join(buf)))
			buf = []
			subs.append((code[j + 2 : k - 1], line + code.count("\n", i, j)))
			j = k
		else:
			buf.append(code[j])
			j += 1
	parts.append(_unescape("".join(buf)))
	tokens.append(Token("template", "${}".join(parts), start_line, parts))
	for sub, sub_line in subs:
		tokens.append(Token("sub_open", "${", sub_line))
		tokens.extend(tokenize(sub, sub_line))
		tokens.append(Token("sub_close", "}", sub_line))
	return j + 1, line + code.count("\n", i, j)


def calls_of(tokens: list[Token], name: str) -> list[tuple[int, Token]]:
	"""(index, first argument token) of each call `name(` whose first argument is a literal."""
	found = []
	for k in range(len(tokens) - 2):
		if tokens[k].kind == "ident" and tokens[k].value == name and tokens[k + 1].value == "(":
			arg = tokens[k + 2]
			if arg.kind in ("string", "template"):
				found.append((k, arg))
	return found
