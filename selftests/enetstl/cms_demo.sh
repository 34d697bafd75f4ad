#!/bin/bash
# Guest side of `make demo`: cms_demo makes its veth pair (veth_tx.c), puts
# the count-min sketch on the far end, sends, and removes the pair.
dir=$(dirname "$(readlink -f "$0")")
exec "$(readlink -f "$dir/../../build/selftests/enetstl/cms_demo")" "$@"
