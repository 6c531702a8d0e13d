#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark dnstk-zone-check against dnssec-verify, kzonecheck -d on,
# ldns-verify-zone and validns -n 2 on signed zones of 10k and 100k names
# (ECDSA P-256 + NSEC; RSA-2048 + NSEC3), and against the crypto limit:
# signatures / (openssl speed -multi 2 verify rate).  Wall time, CPU time
# (user + sys) and peak RSS of each, ratios to dnstk-zone-check, all in
# the same run.  On a shared, loaded machine the wall times vary with the
# load; the CPU times and the CPU limit (signatures / the one-core rate
# of openssl speed, which counts CPU time) do not, so both are shown.
# dnstk --sorted (streaming, bounded memory) runs on each zone put in
# canonical order by dnstk-canon-sort (not timed).
# Usage: tests/bench/zone-check.sh [BUILD_DIR]
#   SIZES="10000 100000"  RUNS=1  KEEP=DIR (keep zones there, reuse them)
#   BEFORE=DIR: also time DIR/bin/dnstk-zone-check (an older build) in the
#   same run, whole and --sorted, for before/after ratios
#   TOOLS="dnstk dnstk-sorted": only these rows (default: all)
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

build=$(cd "${1:-build}" && pwd)
sizes=${SIZES:-"10000 100000"}
runs=${RUNS:-1}
if [ -n "${KEEP:-}" ]; then
	work=$KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/dnstk-bench-zc.XXXXXX")
	trap 'rm -rf "$work"' EXIT INT TERM
fi
O=bench.test.
zc=$build/bin/dnstk-zone-check

# A deterministic zone of N names: A at each, AAAA at every 4th, TXT at
# every 10th, an insecure delegation at every 50th.
gen() {
	awk -v n="$1" 'BEGIN {
	print "$ORIGIN bench.test.";
	print "$TTL 3600";
	print "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300";
	print "@ IN NS ns1";
	print "ns1 IN A 192.0.2.1";
	for (i = 0; i < n; i++) {
		printf "h%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256,
		    int(i / 256) % 256, i % 256;
		if (i % 4 == 0)
			printf "h%d IN AAAA 2001:db8::%x:%x\n", i,
			    int(i / 65536), i % 65536;
		if (i % 10 == 0) printf "h%d IN TXT \"name %d\"\n", i, i;
		if (i % 50 == 0) printf "d%d IN NS ns1.example.net.\n", i;
	}
	}'
}

cd "$work"
key() {	# key FILE ALG [ARGS]: a key's base name, made once
	[ -s "$1" ] || ldns-keygen -a "$2" "${@:3}" $O > "$1"
	cat "$1"
}
ec="$(key ksk13 ECDSAP256SHA256 -k) $(key zsk13 ECDSAP256SHA256)"
rsa="$(key ksk8 RSASHA256 -b 2048 -k) $(key zsk8 RSASHA256 -b 2048)"
# windows end in 2037: the anchors read times in 32 bits
sign() {	# sign OUT ZONE [options] KEYS...
	local out=$1 zone=$2
	shift 2
	[ -s "$out" ] || ldns-signzone -i 20200101000000 -e 20371201000000 \
	    -o $O -f "$out" "$zone" "$@"
}

# openssl speed [-multi 2]: the verify rate of one core or both together
rate() {	# rate ALG [-multi 2]: verifications per second
	openssl speed "${@:2}" -seconds "${SPEED_SECONDS:-5}" "$1" 2>/dev/null |
	    awk -v a="$1" '
		a == "rsa2048" && /^rsa 2048 bits/ { print $NF }
		a == "ecdsap256" && /nistp256\)/ { print $NF }' | tail -n 1
}

measure() {	# measure CMD...: "wall cpu peakMiB" (best of $runs)
	local best="" bcpu="" rss=0 i w u s m
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%e %U %S %M' -o time.out "$@" >/dev/null 2>&1 ||
		    true
		read -r w u s m < time.out
		if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$w
		fi
		u=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
		if [ -z "$bcpu" ] || awk -v a="$u" -v b="$bcpu" 'BEGIN { exit !(a < b) }'; then
			bcpu=$u
		fi
		rss=$m
	done
	awk -v w="$best" -v c="$bcpu" -v m="$rss" \
	    'BEGIN { printf "%.2f %.2f %.0f\n", w, c, m / 1024 }'
}

tools=(dnstk dnstk-j1 dnstk-sorted dnssec-verify kzonecheck ldns-verify-zone
    validns)
if [ -n "${BEFORE:-}" ]; then
	before=$(cd "$BEFORE" && pwd)/bin/dnstk-zone-check
	tools=(dnstk dnstk-before dnstk-sorted dnstk-before-sorted
	    "${tools[@]:1:1}" "${tools[@]:3}")
fi
if [ -n "${TOOLS:-}" ]; then
	read -r -a tools <<< "$TOOLS"
fi
cmd() {	# cmd TOOL ZONE
	case $1 in
	dnstk) echo "$zc -q $2" ;;
	dnstk-j1) echo "$zc -q --jobs=1 $2" ;;
	dnstk-sorted) echo "$zc -q --sorted -o $O $2.sorted" ;;
	dnstk-before) echo "$before -q $2" ;;
	dnstk-before-sorted) echo "$before -q --sorted -o $O $2.sorted" ;;
	dnssec-verify) echo "dnssec-verify -q -o $O $2" ;;
	kzonecheck) echo "kzonecheck -o $O -d on $2" ;;
	ldns-verify-zone) echo "ldns-verify-zone -q $2" ;;
	validns) echo "validns -n 2 -z $O $2" ;;
	esac
}

row() { printf '%-17s %-13s %8s %8s %8s %8s %8s %8s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row zone tool "wall s" "cpu s" "peak MiB" "wall/dn" "wall/lim" "cpu/lim"
for n in $sizes; do
	[ -s "z$n.zone" ] || gen "$n" > "z$n.zone"
	sign "ec-$n.signed" "z$n.zone" $ec
	sign "rsa-$n.signed" "z$n.zone" -n -t 0 $rsa
	for kind in ec rsa; do
		z=$kind-$n.signed
		# --sorted reads canonical order, which ldns-signzone does
		# not write: dnstk-canon-sort's
		[ -s "$z.sorted" ] || "$build/bin/dnstk-canon-sort" "$z" \
		    > "$z.sorted"
		sigs=$(awk '$4 == "RRSIG"' "$z" | wc -l)
		alg=ecdsap256
		[ $kind = rsa ] && alg=rsa2048
		r2=$(rate $alg -multi 2)
		r1=$(rate $alg)
		limit=$(ratio "$sigs" "$r2")
		climit=$(ratio "$sigs" "$r1")
		row "$z" "crypto limit" "$limit" "$climit" - - 1.00 1.00
		echo "# $z: $sigs signatures; $alg verify: $r1/s on one core," \
		    "$r2/s on two (openssl speed)" >&2
		dn=""
		for t in "${tools[@]}"; do
			c=$(cmd "$t" "$z")
			if ! command -v "${c%% *}" >/dev/null; then
				continue
			fi
			# shellcheck disable=SC2086
			read -r w cpu m < <(measure $c)
			[ "$t" = dnstk ] && dn=$w
			row "$z" "$t" "$w" "$cpu" "$m" "$([ -n "$dn" ] &&
			    ratio "$w" "$dn" || echo -)" \
			    "$(ratio "$w" "$limit")" "$(ratio "$cpu" "$climit")"
		done
	done
done
