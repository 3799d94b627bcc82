# Shared by scripts/test and the scripts it calls: each suite records one summary line
# (name, what it counted, seconds) in $CM_SUMMARY, and scripts/test prints them all at the end.
# pytest's exit 5 (nothing collected) and any skipped test are failures here: green must mean
# that every suite ran every test.

step() { printf '\n==> %s\n' "$*"; }

# stop PID...: end background processes a script started, from its EXIT trap or before.
# A process may already be gone; under `set -e` a failing `kill` inside an EXIT trap would turn
# a green run into exit 1 (it did: the inbound worker, stopped before the trap ran), so nothing
# here may fail.
stop() {
	local pid
	for pid in "$@"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

record() {
	[ -n "${CM_SUMMARY:-}" ] || return 0
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$CM_SUMMARY"
}

# pytest's counts from its last line: "12 passed, 1 failed in 3.2s" -> "12 passed, 1 failed".
pytest_counts() {
	grep -E '[0-9]+ (passed|failed|error|errors|skipped|xfailed|xpassed|deselected)' "$1" | tail -n 1 |
		grep -Eo '[0-9]+ (passed|failed|errors?|skipped|xfailed|xpassed|deselected)' | paste -sd, - | sed 's/,/, /g'
}

# run_pytest NAME DIR ARGS...: pytest in DIR, output kept, counted, timed.
run_pytest() {
	local name=$1 dir=$2
	shift 2
	local log t rc counts
	log=$(mktemp)
	t=$SECONDS
	set +e
	(cd "$dir" && "$VENV/bin/pytest" "$@" -q -p no:cacheprovider) 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	set -e
	counts=$(pytest_counts "$log")
	rm -f "$log"
	if [ "$rc" -eq 5 ]; then
		record "$name" "FAILED: no test collected" $((SECONDS - t))
		echo "$name: pytest collected no tests, that is a failure here" >&2
		return 1
	fi
	if [ "$rc" -eq 0 ] && [[ "$counts" == *skipped* ]]; then
		record "$name" "FAILED: $counts (a skipped test is not allowed)" $((SECONDS - t))
		echo "$name: $counts — a test skipped, that is a failure here" >&2
		return 1
	fi
	if [ "$rc" -ne 0 ]; then
		record "$name" "FAILED: ${counts:-exit $rc}" $((SECONDS - t))
		return "$rc"
	fi
	record "$name" "$counts" $((SECONDS - t))
}

print_summary() {
	local rc=$1 total=$2
	[ -s "${CM_SUMMARY:-}" ] || return 0
	printf '\n==> Summary\n'
	awk -F'\t' '{ printf "  %-34s %-62s %5ss\n", $1, $2, $3 }' "$CM_SUMMARY"
	if [ "$rc" -eq 0 ]; then
		printf '  %-34s %-62s %5ss\n' "all" "passed" "$total"
	else
		printf '  %-34s %-62s %5ss\n' "all" "FAILED (exit $rc)" "$total"
	fi
}
