__version__ = "0.1.0"


def _translate_the_engine() -> None:
	"""The engine (pure Python, engine/) marks the sentences it writes with engine.i18n._; inside
	Frappe they are translated by frappe._, into the language of the request or job. Without
	Frappe (the engine's own tests) nothing is installed and they stay as written."""
	try:
		import frappe
	except ImportError:
		return
	from case_management.engine import i18n

	i18n.install(getattr(frappe, "_", None))  # None: a stand-in `frappe` package, not Frappe


_translate_the_engine()
