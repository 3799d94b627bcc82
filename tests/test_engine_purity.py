"""The engine is pure Python: no frappe import, directly or through another module."""

import ast
import subprocess
import sys

from conftest import APP, REPO

ENGINE = APP / "engine"


def test_no_engine_module_imports_frappe():
	offenders = []
	for path in ENGINE.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			names = []
			if isinstance(node, ast.Import):
				names = [a.name for a in node.names]
			elif isinstance(node, ast.ImportFrom) and node.module:
				names = [node.module]
			offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "frappe"]
	assert not offenders, offenders


def test_engine_imports_where_frappe_cannot_be_imported():
	code = (
		"import sys, pkgutil, importlib\n"
		"sys.modules['frappe'] = None\n"  # any `import frappe` now raises ImportError
		"import case_management.engine as e\n"
		"for m in pkgutil.iter_modules(e.__path__):\n"
		"    importlib.import_module('case_management.engine.' + m.name)\n"
		"print('ok')\n"
	)
	result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
	assert result.returncode == 0, result.stderr
	assert result.stdout.strip() == "ok"
