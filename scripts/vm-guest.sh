#!/bin/bash
# Runs inside the guest, in the host's root (read-only) after scripts/vm-init.
# Loads the modules, runs the job's command, unloads, then checks the kernel
# log and taint. Everything it reports lands in /run/vm-out for vm-run.
out=/run/vm-out
# shellcheck source=/dev/null
. "$out/job.env"
export HOME=/tmp PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export TERM=${VM_TERM:-dumb}

verdict=0
note() { echo "vm-run: $*"; }

dmesg -C
loaded=()
for ko in "${VM_MODULES[@]}"; do
	if insmod "$ko" ${VM_MODPARAMS[$(basename "$ko" .ko)]:-}; then
		loaded+=("$(basename "$ko" .ko)")
	else
		note "insmod $ko failed"
		verdict=1
	fi
done

status=0
if [ $verdict -eq 0 ]; then
	cd "$VM_CWD" || cd /
	if [ -n "$VM_INTERACTIVE" ]; then
		setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	else
		"${VM_CMD[@]}"
		status=$?
	fi
fi
echo "$status" >"$out/status"

for ((i = ${#loaded[@]} - 1; i >= 0; i--)); do
	rmmod "${loaded[i]}" || { note "rmmod ${loaded[i]} failed"; verdict=1; }
done

# Out-of-tree (O) and unsigned (E) are expected; any other taint is not.
taint=$(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192)))
dmesg >"$out/dmesg"
bad=$(grep -E 'WARNING:|BUG:|Oops|general protection|RCU stall|rcu_.*detected stall|KASAN|UBSAN|kmemleak|Call Trace|refcount_t|list_(add|del) corruption' "$out/dmesg")
if [ -n "$bad" ] || [ "$taint" -ne 0 ]; then
	note "kernel log not clean (taint mask $taint):"
	grep -E -B2 -A20 'WARNING:|BUG:|Oops|general protection|stall|KASAN|UBSAN|kmemleak|refcount_t|corruption' "$out/dmesg" | head -n 60
	verdict=1
fi
echo "$verdict" >"$out/verdict"
