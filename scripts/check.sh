#!/bin/bash
# `make check`: each host test target, then the guest run of every
# selftest, all to completion; ends with one line "N passed, N failed".
# Usage: check.sh [--host-only] HOST_TARGET...
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
guest=1
if [ "${1:-}" = --host-only ]; then guest=0; shift; fi
logs=$build/check
mkdir -p "$logs"
rm -f "$logs"/*.log

run_logged() {
	local log=$1 label=$2
	shift 2
	"$@" 2>&1 | tee "$log"
	local st=${PIPESTATUS[0]}
	if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$log"; then
		echo "not ok - $label exited with status $st" | tee -a "$log"
	fi
}

for t in "$@"; do
	echo "# host: make $t"
	run_logged "$logs/host-$t.log" "$t" make -s -C "$top" "$t"
done

if [ $guest -eq 1 ]; then
	echo "# guest: scripts/vm-run -- scripts/run-selftests.sh"
	run_logged "$logs/guest.log" "guest selftests" \
		"$top/scripts/vm-run" --tap -- "$top/scripts/run-selftests.sh"
fi

pass=$(cat "$logs"/*.log 2>/dev/null | grep -c '^ok ')
fail=$(cat "$logs"/*.log 2>/dev/null | grep -c '^not ok ')
skip=$(cat "$logs"/*.log 2>/dev/null | grep -c '^ok .*# SKIP')
echo
echo "$((pass - skip)) passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$((pass - skip))" -gt 0 ]
