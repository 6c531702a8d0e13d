#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark dnstk-verify-chain on a 3-zone chain (the test root, tld.,
# a8.tld.) served by a local NSD: time per invocation online against delv
# and drill -S (hyperfine, same run), and offline from a --dump bundle.
# Goals: at least 2x faster than delv online; offline under 5 ms.
# drill -S is timed for its work, but ldns 1.8.3 rejects the fixtures'
# post-2038 expirations ("expiration date earlier than inception").
# usage: sh tests/bench/verify-chain.sh [BUILD_DIR]   (also `make bench`)
set -eu
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/bin
for t in hyperfine nsd delv drill jq; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing (make deps)"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dnstk-bench.XXXXXX")
NSD_PID=
cleanup() {
	[ -n "$NSD_PID" ] && kill "$NSD_PID" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
. "$top/tests/helpers/servers.bash"
F=$top/tests/fixtures/dnssec
nsd_start "$work/nsd" . "$F/zones/root.zone" tld. "$F/zones/tld.zone" \
    a8.tld. "$F/zones/a8.tld.zone"
port=$NSD_PORT
read -r _ _ _ _ tag alg dt dg < "$F/root.anchor"
printf 'trust-anchors {\n  . static-ds %s %s %s "%s";\n};\n' \
    "$tag" "$alg" "$dt" "$dg" > "$work/delv.anchor"
vc="$bin/dnstk-verify-chain --anchor=$F/root.anchor"
$vc -q @127.0.0.1 -p "$port" www.a8.tld A | grep -qx secure
delv -a "$work/delv.anchor" +root=. @127.0.0.1 -p "$port" www.a8.tld A 2>&1 |
    grep -q 'fully validated'
$vc --dump @127.0.0.1 -p "$port" www.a8.tld A > "$work/bundle.txt"
$vc -q --offline --records="$work/bundle.txt" www.a8.tld A | grep -qx secure
echo "NSD on 127.0.0.1#$port, $(nproc) CPUs; bundle: $(grep -vc '^;' "$work/bundle.txt") records"

hyperfine -N -i --warmup 10 --runs 200 --export-json "$work/vc.json" \
    -n online "$vc @127.0.0.1 -p $port www.a8.tld A" \
    -n delv "delv -a $work/delv.anchor +root=. @127.0.0.1 -p $port www.a8.tld A" \
    -n drill "drill -S -k $F/root.anchor.dnskey -p $port @127.0.0.1 www.a8.tld A" \
    -n offline "$vc --offline --records=$work/bundle.txt www.a8.tld A" \
    >/dev/null 2>&1 || true
echo "per invocation (mean ms):"
jq -r '.results[] | "  \(.command)\t\(.mean * 1000 | . * 100 | round / 100) ms ± \(.stddev * 1000 | . * 100 | round / 100)  (CPU \((.user + .system) * 1000 | . * 100 | round / 100) ms)"' "$work/vc.json"
jq -r '(.results | map({(.command): .mean}) | add) as $m |
    "  online vs delv: \($m.delv / $m.online * 100 | round / 100)x faster, vs drill -S: \($m.drill / $m.online * 100 | round / 100)x; offline: \($m.offline * 1000 | . * 100 | round / 100) ms (\($m.delv / $m.offline * 10 | round / 10)x faster than delv online)"' \
    "$work/vc.json"
