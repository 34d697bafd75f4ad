#!/bin/bash
# Run every bpf_conformance vector through the plugin, as the upstream
# runner does (memory as argv[1], program on stdin), and print TAP.
# usage: conformance_run.sh PLUGIN VECTORS.tsv ENGINE...   (ENGINE: interp|jit)
set -u
plugin=$1 vectors=$2
shift 2
[ -x "$plugin" ] || { echo "Bail out! plugin $plugin not executable"; exit 2; }
[ -r "$vectors" ] || { echo "Bail out! no vectors at $vectors"; exit 2; }

n=0 failed=0
spaced() { sed 's/../&  /g'; }
for engine in "$@"; do
	# Tabs become \037 so that empty columns survive `read`.
	while IFS=$'\037' read -r name _ver _groups prog mem expected error; do
		n=$((n + 1))
		if [ -n "$mem" ]; then
			out=$(printf '%s' "$prog" | spaced | "$plugin" "$(printf '%s' "$mem" | spaced)" "--$engine" 2>&1)
		else
			out=$(printf '%s' "$prog" | spaced | "$plugin" "--$engine" 2>&1)
		fi
		rc=$?
		out=${out%%[[:space:]]}
		if [ -n "$expected" ]; then
			# Compare as numbers: the plugin may print leading zeros.
			[ $rc = 0 ] && [[ $out =~ ^[0-9a-fA-F]{1,16}$ ]] &&
				[ "$(printf %x "0x$out")" = "$(printf %x "0x$expected")" ]
		else
			[ $rc != 0 ] && [ "$out" = "${error%%[[:space:]]}" ]
		fi
		if [ $? = 0 ]; then
			echo "ok $n - conformance $engine $name"
		else
			failed=$((failed + 1))
			echo "not ok $n - conformance $engine $name # exit $rc, got '$out', want '${expected:-$error}'"
		fi
	done < <(tail -n +2 "$vectors" | tr '\t' '\037')
done
echo "1..$n"
echo "# conformance: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
