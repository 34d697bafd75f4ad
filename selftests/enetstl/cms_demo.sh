#!/bin/bash
# Guest side of `make demo`: a veth pair, the count-min sketch on its far end.
set -u
dir=$(dirname "$(readlink -f "$0")")
bin=$(readlink -f "$dir/../../build/selftests/enetstl/cms_demo")
ip link add cmsd-tx type veth peer name cmsd-rx || exit 1
ip link set cmsd-tx up && ip link set cmsd-rx up
"$bin" cmsd-tx cmsd-rx "$@"
rc=$?
ip link del cmsd-tx
exit $rc
