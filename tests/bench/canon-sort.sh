#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark dnstk-canon-sort against ldns-read-zone -z on a 1,000,000-record
# zone in random order: wall time and peak RSS of both, and the ratios.
# Usage: tests/bench/canon-sort.sh [BUILD_DIR] [RECORDS]
# `make bench` runs it with sh: it needs bash (process substitution).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

build=${1:-build}
n=${2:-1000000}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/dnstk-bench-canon.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
zone=$work/zone.db

# A deterministic zone: awk's fixed seed gives the same records and shuf
# with a fixed random source the same order on every run.  Mixed case,
# several types, a few RRsets of more than one record.
awk -v n="$n" 'BEGIN {
	srand(4711);
	print "example.\t3600\tIN\tSOA\tns1.example. hostmaster.example. 1 7200 3600 1209600 3600";
	print "example.\t3600\tIN\tNS\tns1.example.";
	for (i = 2; i < n; i++) {
		k = i % 8;
		h = sprintf("h%d.Zone%d.example.", int(rand() * n / 3), i % 97);
		if (k < 3) {
			printf "%s\t3600\tIN\tA\t10.%d.%d.%d\n", h,
			    int(rand() * 256), int(rand() * 256), int(rand() * 256);
		} else if (k < 5) {
			printf "%s\t300\tIN\tAAAA\t2001:db8::%x:%x\n", h,
			    int(rand() * 65536), int(rand() * 65536);
		} else if (k == 5) {
			printf "%s\t3600\tIN\tMX\t%d Mail%d.example.\n", h,
			    int(rand() * 50), int(rand() * 1000);
		} else if (k == 6) {
			printf "%s\t3600\tIN\tTXT\t\"v=%d %d\"\n", h,
			    int(rand() * 100000), i;
		} else {
			printf "%s\t86400\tIN\tNS\tNS%d.Example.\n", h,
			    int(rand() * 100);
		}
	}
}' | shuf --random-source=<(yes) > "$zone"

canon=$build/bin/dnstk-canon-sort
echo "zone: $(wc -l < "$zone") records, $(du -h "$zone" | cut -f1)"

# One run: wall seconds, CPU seconds (user + sys) and peak RSS in KiB.
measure() {
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > /dev/null 2>&1
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time"
}

# Interleave the runs of both tools so that a busy machine slows both
# alike, and keep the best wall and CPU time of each (peak RSS does not
# depend on load).
ct= cc= cm= lt= lc= lm=
for _ in $(seq "$runs"); do
	read -r t c m < <(measure "$canon" "$zone")
	if [ -z "$ct" ] || awk -v a="$t" -v b="$ct" 'BEGIN { exit !(a < b) }'; then ct=$t; fi
	if [ -z "$cc" ] || awk -v a="$c" -v b="$cc" 'BEGIN { exit !(a < b) }'; then cc=$c; fi
	cm=$m
	read -r t c m < <(measure ldns-read-zone -z "$zone")
	if [ -z "$lt" ] || awk -v a="$t" -v b="$lt" 'BEGIN { exit !(a < b) }'; then lt=$t; fi
	if [ -z "$lc" ] || awk -v a="$c" -v b="$lc" 'BEGIN { exit !(a < b) }'; then lc=$c; fi
	lm=$m
done
printf '%-20s %8s %8s %12s\n' "" "wall s" "cpu s" "peak KiB"
printf '%-20s %8s %8s %12s\n' "dnstk-canon-sort" "$ct" "$cc" "$cm"
printf '%-20s %8s %8s %12s\n' "ldns-read-zone -z" "$lt" "$lc" "$lm"
awk -v ct="$ct" -v lt="$lt" -v cc="$cc" -v lc="$lc" -v cm="$cm" -v lm="$lm" 'BEGIN {
	printf "speed: canon-sort is %.2fx faster in wall time, %.2fx in CPU time (goal >= 3x)\n", lt / ct, lc / cc;
	printf "memory: canon-sort uses %.2fx the peak RSS of ldns-read-zone (goal <= 1x)\n", cm / lm;
}'
if [ -n "${HYPERFINE:-}" ] && command -v hyperfine > /dev/null; then
	hyperfine -w 1 -r "$runs" "$canon $zone" "ldns-read-zone -z $zone"
fi
