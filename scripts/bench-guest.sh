#!/bin/bash
# Guest half of `make bench`: every build/selftests/*/*_bench binary in one
# guest boot. Guest timings are emulated (TCG): read them as ratios only.
top=$(cd "$(dirname "$0")/.." && pwd)
benches=("$top"/build/selftests/*/*_bench)
[ -e "${benches[0]}" ] || { echo "bench-guest: no *_bench binaries built"; exit 0; }
exec "$top/scripts/vm-run" -- bash -c 'rc=0; for b in "$@"; do echo "# $b"; "$b" || rc=1; done; exit $rc' bench "${benches[@]}"
