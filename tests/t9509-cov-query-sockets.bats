#!/usr/bin/env bats
# dnstk-query --batch on shared sockets (--sockets=1) against a server
# that first sends a decoy (from another port, or without QR): every
# query is still answered, and the decoys are counted once, as packets
# that match no query in flight.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dnsdouble
}

teardown() {
	double_stop
}

batch3() {
	printf 'a.example A\nb.example A\nc.example A\n' |
	    timeout 30 dnstk-query --sockets=1 --batch=- @127.0.0.1 \
	    -p "$DOUBLE_PORT" --timeout=2 -j
}

@test "cov query sockets: decoys on a shared socket are dropped and counted" {
	local mode want
	for mode in wrong-source not-response; do
		double_start $mode
		run --separate-stderr -0 batch3
		[ "${#lines[@]}" -eq 3 ] || fail "$mode: ${#lines[@]} answers"
		for l in "${lines[@]}"; do
			jq -e '.QR and .RCODE == 0 and .ANCOUNT == 1' <<<"$l" >/dev/null ||
			    fail "$mode: $l"
		done
		case $mode in
		wrong-source) want="wrong source 3, wrong ID 0, not a response 0" ;;
		not-response) want="wrong source 0, wrong ID 0, not a response 3" ;;
		esac
		[ "$stderr" = "dnstk-query: dropped 3 unexpected packets matching no query in flight ($want)" ] ||
		    fail "$mode: $stderr"
		double_stop
	done
}
