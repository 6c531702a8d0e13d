#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark dnstk-tlsa-check per invocation, same run, same data:
#   offline (--cert --tlsa) against ldns-dane -c -t and hash-slinger;
#   live against openssl s_client -dane_tlsa_* on one loopback s_server.
# hash-slinger's `tlsa --verify` only reads TLSA from DNS (through
# libunbound's recursion), so its offline anchor is `tlsa --create
# --certificate`, the same certificate parsing and hashing.
# Usage: tests/bench/tlsa-check.sh [BUILD_DIR]
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$top/$build/bin/dnstk-tlsa-check
D=$top/tests/fixtures/dane
N=${RUNS:-40}
work=$(mktemp -d "${TMPDIR:-/tmp}/dnstk-bench-tlsa.XXXXXX")
spid=
cleanup() {
	[ -z "$spid" ] || kill "$spid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

spki=$(openssl x509 -in "$D/leaf-ec.pem" -pubkey -noout |
    openssl pkey -pubin -outform DER | openssl dgst -sha256 -r | cut -c1-64)
echo "_443._tcp.www.example.test. IN TLSA 3 1 1 $spki" >"$work/tlsa"

# ms RUNS CMD...: mean wall time per run in milliseconds
ms() {
	local n=$1 s e i
	shift
	s=$(date +%s%N)
	for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 || true; done
	e=$(date +%s%N)
	echo $(( (e - s) / n / 1000 ))
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
show() { printf '%-44s %8.2f ms\n' "$1" "$(awk -v u="$2" 'BEGIN { print u / 1000 }')"; }

echo "== offline: one chain, one record, $N runs each"
ours=$(ms "$N" "$T" -q --cert="$D/chain-ec.pem" --tlsa="$work/tlsa" www.example.test)
show "dnstk-tlsa-check --cert --tlsa" "$ours"
ldns=$(ms "$N" ldns-dane -n -c "$D/chain-ec.pem" -t "$work/tlsa" verify)
show "ldns-dane -c -t verify" "$ldns"
if command -v tlsa >/dev/null; then
	hs=$(ms $(( N / 4 + 1 )) tlsa --create --certificate "$D/leaf-ec.pem" \
	    www.example.test)
	show "hash-slinger tlsa --create --certificate" "$hs"
	echo "ratio hash-slinger / dnstk: $(ratio "$hs" "$ours") (goal >= 10)"
fi
echo "ratio ldns-dane / dnstk: $(ratio "$ldns" "$ours")"

echo "== live: openssl s_server on 127.0.0.1, $N runs each"
port=$((30000 + RANDOM % 20000))
mkfifo "$work/in"
openssl s_server -accept "127.0.0.1:$port" -cert "$D/leaf-ec.pem" \
    -cert_chain "$D/int.pem" -key "$D/leaf-ec.key" -quiet -www \
    0<>"$work/in" >/dev/null 2>&1 &
spid=$!
for i in $(seq 1 50); do
	(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
	sleep 0.1
done
ours=$(ms "$N" "$T" -q --connect=127.0.0.1:$port --tlsa="$work/tlsa" www.example.test)
show "dnstk-tlsa-check --connect --tlsa" "$ours"
sc=$(ms "$N" openssl s_client -connect 127.0.0.1:$port \
    -servername www.example.test -dane_tlsa_domain www.example.test \
    -dane_tlsa_rrdata "3 1 1 $spki" -verify_return_error </dev/null)
show "openssl s_client -dane_tlsa_rrdata" "$sc"
echo "ratio s_client / dnstk: $(ratio "$sc" "$ours") (goal >= 1)"
