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

# Peak RSS in KiB and wall seconds of one run, from GNU time.
measure() {
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2>&1
	cat "$work/time"
}

best() {	# best wall time and its peak RSS over $runs runs
	local t m bt= bm=
	for _ in $(seq "$runs"); do
		read -r t m < <(measure "$@")
		if [ -z "$bt" ] || awk -v a="$t" -v b="$bt" 'BEGIN{exit !(a<b)}'; then
			bt=$t bm=$m
		fi
	done
	echo "$bt $bm"
}

read -r ct cm < <(best "$canon" "$zone")
read -r lt lm < <(best ldns-read-zone -z "$zone")
printf '%-22s %8s s %10s KiB\n' "dnstk-canon-sort" "$ct" "$cm"
printf '%-22s %8s s %10s KiB\n' "ldns-read-zone -z" "$lt" "$lm"
awk -v ct="$ct" -v lt="$lt" -v cm="$cm" -v lm="$lm" 'BEGIN {
	printf "speed: canon-sort is %.2fx faster (goal >= 3x)\n", lt / ct;
	printf "memory: canon-sort uses %.2fx the peak RSS of ldns-read-zone (goal <= 1x)\n", cm / lm;
}'
if command -v hyperfine > /dev/null && [ -n "${HYPERFINE:-}" ]; then
	hyperfine -w 1 -r "$runs" "$canon $zone" "ldns-read-zone -z $zone"
fi
