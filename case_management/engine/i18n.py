"""Words the engine writes for people, in the reader's language, without importing Frappe.

- `_("…")` translates now. Inside Frappe the app installs `frappe._` here when it is imported
  (case_management/__init__.py), so a sentence comes in the language of the request or job
  that asks for it; without Frappe (the engine's own tests) it comes back as written, in
  English.
- `_lt("…")` only marks a text kept in a table when the module is imported, when there is no
  reader yet; translate it with `_()` where it is used.

Frappe's extractor collects `_("…")` and `_lt("…")` from every .py file of the app, so each
lands in translations/<lang>.csv. Translate the template, then fill it in, never the other way:
`_("{0} is below the minimum {1}").format(shown, low)`.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] | None = None


def install(translate: Callable[[str], str] | None) -> None:
	"""Use `translate` for every `_()` of the engine (None: leave the English as written)."""
	global _translate
	_translate = translate


def _(text: str) -> str:
	"""`text` in the reader's language, when the app has said how to translate."""
	return _translate(text) if _translate and text else text


def _lt(text: str) -> str:
	"""Marks `text` for the translation files; translate it with `_()` where it is shown."""
	return text
