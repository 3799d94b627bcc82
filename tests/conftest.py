import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "case_management"
sys.path.insert(0, str(REPO))


@pytest.fixture(scope="session")
def doctypes() -> dict[str, dict]:
	"""Every doctype JSON of the app, by doctype name."""
	found = {}
	for path in sorted((APP / "case_management" / "doctype").glob("*/*.json")):
		data = json.loads(path.read_text())
		if data.get("doctype") == "DocType":
			data["_path"] = path
			found[data["name"]] = data
	return found
