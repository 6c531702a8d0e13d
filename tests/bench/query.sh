#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark dnstk-query against a local NSD (one worker, rate limiting off):
#  1. time per invocation of dnstk-query, kdig, dig and drill (hyperfine,
#     same run);
#  2. batch throughput of 10,000 queries: dnstk-query --batch (text and
#     --short output) vs `dig -f`, and dnsperf's rate as the server's
#     practical ceiling.
# Goals: single query no slower than kdig; batch at least 3x `dig -f` and
# at least half of dnsperf's rate.
# usage: sh tests/bench/query.sh [BUILD_DIR]   (also run by `make bench`)
set -eu
# The server helpers use bash features (/dev/tcp); re-run under bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/bin
for t in hyperfine nsd kdig dig drill dnsperf jq; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing (make deps)"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dnstk-bench.XXXXXX")
NSD_PID=
cleanup() {
	[ -n "$NSD_PID" ] && kill "$NSD_PID" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
# servers.bash is written for bash; its functions are plain sh.
. "$top/tests/helpers/servers.bash"
nsd_start "$work/nsd" example.test "$top/tests/fixtures/zones/example.test.zone"
port=$NSD_PORT
echo "NSD $(nsd -v 2>&1 | head -n 1 | sed 's/NSD version //') on 127.0.0.1#$port, $(nproc) CPUs"

# 1. Single queries -------------------------------------------------------
hyperfine -N --warmup 20 --runs 300 --export-json "$work/single.json" \
    -n dnstk-query "$bin/dnstk-query @127.0.0.1 -p $port www.example.test A" \
    -n kdig "kdig @127.0.0.1 -p $port www.example.test A" \
    -n dig "dig @127.0.0.1 -p $port www.example.test A" \
    -n drill "drill -p $port www.example.test A @127.0.0.1" >/dev/null
echo
echo "single query (mean ms per invocation):"
jq -r '.results[] | "  \(.command)\t\(.mean * 1000 | . * 100 | round / 100) ms ± \(.stddev * 1000 | . * 100 | round / 100)"' \
    "$work/single.json"
jq -r '(.results | map({(.command): .mean}) | add) as $m |
    "  dnstk-query vs kdig: \($m.kdig / $m["dnstk-query"] * 100 | round / 100)x faster, vs dig: \($m.dig / $m["dnstk-query"] * 100 | round / 100)x, vs drill: \($m.drill / $m["dnstk-query"] * 100 | round / 100)x"' \
    "$work/single.json"

# 2. Batches of 10,000 ----------------------------------------------------
n=10000
i=0
while [ $i -lt $((n / 4)) ]; do
	printf 'www.example.test A\nwww.example.test AAAA\nmail.example.test A\nexample.test MX\n'
	i=$((i + 1))
done >"$work/list"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/batch.json" \
    -n "dnstk-query --batch" "$bin/dnstk-query @127.0.0.1 -p $port --batch=$work/list --concurrency=256" \
    -n "dnstk-query --batch --short" "$bin/dnstk-query @127.0.0.1 -p $port --batch=$work/list --concurrency=256 --short" \
    -n "dig -f" "dig @127.0.0.1 -p $port -f $work/list" \
    --output=null >/dev/null
# Every query must have been answered, or the rate means nothing.
got=$("$bin/dnstk-query" @127.0.0.1 -p "$port" --batch="$work/list" --concurrency=256 -w | wc -l)
[ "$got" -eq "$n" ] || { echo "bench: only $got of $n answers"; exit 1; }
# -l 3: loop over the list for 3 s, the steady rate, not the ramp of one pass
dnsperf -s 127.0.0.1 -p "$port" -d "$work/list" -c 1 -q 256 -l 3 >"$work/dnsperf.txt" 2>&1
perf_qps=$(sed -n 's/.*Queries per second: *\([0-9.]*\).*/\1/p' "$work/dnsperf.txt")
echo
echo "batch of $n queries (queries per second):"
jq -r --arg n "$n" '.results[] | select(type == "object") | "  \(.command)\t\((($n | tonumber) / .mean) | round) q/s (\(.mean * 1000 | round) ms)"' "$work/batch.json"
printf '  dnsperf -q 256 -l 3\t%.0f q/s\n' "$perf_qps"
jq -r --arg n "$n" --arg p "$perf_qps" '(.results | map(select(type == "object")) | map({(.command): (($n | tonumber) / .mean)}) | add) as $r |
    "  dnstk-query --batch vs dig -f: \($r["dnstk-query --batch"] / $r["dig -f"] * 100 | round / 100)x (--short: \($r["dnstk-query --batch --short"] / $r["dig -f"] * 100 | round / 100)x); vs dnsperf: \($r["dnstk-query --batch"] / ($p | tonumber) * 100 | round)% (--short: \($r["dnstk-query --batch --short"] / ($p | tonumber) * 100 | round)%)"' \
    "$work/batch.json"
nsd_stop
