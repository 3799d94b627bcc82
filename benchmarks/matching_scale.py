"""How find_duplicates' time grows with the number of clients.

    python benchmarks/matching_scale.py               # 10,000 and 100,000 clients
    python benchmarks/matching_scale.py --million     # and 1,000,000 (about 8 minutes, ~5 GB)
    python benchmarks/matching_scale.py --sizes 2000  # a smoke run

The clients are generated (benchmarks/synthetic_clients.py): households with shared
surnames, addresses and phones, twins, a realistic spread of surnames, and 1% planted
re-registrations. Printed per size: seconds, seconds per 100,000 clients (wall clock, and CPU time of
this process, which a busy machine disturbs less), pairs compared
after blocking and per client, pairs proposed and the recall of the planted duplicates.
Growing about linearly means seconds per 100,000 stays about the same as the list grows.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic_clients

from case_management.engine import matching


def run(size: int) -> None:
	data = synthetic_clients.generate(
		households=round(size / 2.95), duplicates=size // 100, seed=size, many_surnames=True
	)
	records = data.records
	gc.collect()
	started, cpu = time.perf_counter(), time.process_time()
	found = matching.find_duplicates(records)
	seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
	people = [matching.prepare(r) for r in records]
	compared = sum(1 for _ in matching.candidate_pairs(people))
	pairs = {(m.a, m.b) for m in found}
	recall = len(pairs & data.true_pairs()) / len(data.true_pairs())
	print(
		f"{len(records):>9} {seconds:8.1f} {seconds * 100_000 / len(records):10.1f} "
		f"{cpu * 100_000 / len(records):10.1f} "
		f"{compared:>11} {compared / len(records):8.1f} {len(found):>8} {recall:8.3f}",
		flush=True,
	)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--sizes", nargs="*", type=int, default=[10_000, 100_000])
	parser.add_argument("--million", action="store_true", help="also 1,000,000 clients")
	args = parser.parse_args()
	sizes = args.sizes + ([1_000_000] if args.million else [])
	print(
		f"{'clients':>9} {'sec':>8} {'s/100k':>10} {'cpu s/100k':>10} {'compared':>11} {'per rec':>8} {'proposed':>8} {'recall':>8}"
	)
	for size in sizes:
		run(size)


if __name__ == "__main__":
	main()
