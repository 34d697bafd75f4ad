#!/bin/bash
# Guest side of `make check`: run every built selftest binary, stream its
# kselftest TAP output, and add a "not ok" line for a binary that failed
# without saying which test did (crash, bad exit).
# Usage: run-selftests.sh [BINARY...]   (default: build/selftests/*/*_test)
top=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
	set -- "$top"/build/selftests/*/*_test
fi
rc=0
for t in "$@"; do
	t=$(readlink -f "$t")
	[ -x "$t" ] || { echo "not ok - $t: not built"; rc=1; continue; }
	name=${t#"$top"/build/selftests/}
	echo "# selftest $name"
	out=$(mktemp)
	(cd "$(dirname "$t")" && "$t") 2>&1 | tee "$out"
	st=${PIPESTATUS[0]}
	if [ "$st" -ne 0 ]; then
		rc=1
		grep -q '^not ok' "$out" || echo "not ok - $name exited with status $st"
	fi
	rm -f "$out"
done
exit $rc
