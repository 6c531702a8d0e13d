#!/usr/bin/env bats
# dnstk-serve with a zone of many empty non-terminals (nine above each of
# 300 names: the name table grows while they are added), answering as NSD
# does; and dnstk-query's zone transfers: an IXFR from Knot with one
# change (as dig reads it), an AXFR answered with something else (shown
# as the answer, no hang), and one cut after its opening SOA; and a
# forwarding dnstk-serve given an answer for another name first.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	load helpers/dnsdouble
	NSD_PID= SERVE_PID= KNOT_PID=
}

teardown() {
	serve_stop
	nsd_stop
	double_stop
	knot_stop
}

@test "cov2 serve: 2,700 empty non-terminals answer as NSD answers them" {
	local z=$BATS_TEST_TMPDIR/ent.zone i
	{
		printf '$ORIGIN many.test.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n'
		printf '@ NS ns\nns A 192.0.2.1\n'
		for i in $(seq 1 300); do
			printf 'h.a.b.c.d.e.f.g.e%d A 192.0.2.%d\n' "$i" $((i % 250 + 1))
		done
	} >"$z"
	nsd_start "$BATS_TEST_TMPDIR/nsd" many.test "$z"
	serve_start "$z"
	for i in 1 2 77 150 299 300; do
		printf 'e%d.many.test. A\nd.e.f.g.e%d.many.test. A do\n' "$i" "$i"
		printf 'h.a.b.c.d.e.f.g.e%d.many.test. A\nx.e%d.many.test. TXT\n' "$i" "$i"
		printf 'g.e%d.many.test. NS do\nh.a.b.c.d.e.f.g.e%d.many.test. AAAA\n' "$i" "$i"
	done >"$BATS_TEST_TMPDIR/q"
	run "$DNSTK_BUILD/tests/servecmp" "$NSD_PORT" "$SERVE_PORT" \
	    <"$BATS_TEST_TMPDIR/q"
	assert_success
	assert_output --partial 'compared 36, differences 0'
	# an empty non-terminal is NOERROR without records, as dig sees it
	run dig +norec -p "$SERVE_PORT" @127.0.0.1 c.d.e.f.g.e150.many.test A
	assert_output --partial 'status: NOERROR'
	assert_output --partial 'ANSWER: 0, AUTHORITY: 1'
}

@test "cov2 query: an AXFR answered with an A record is shown as it came" {
	double_start answer-any
	run --separate-stderr timeout 20 dnstk-query -p "$DOUBLE_PORT" @127.0.0.1 \
	    --timeout=2 example.test AXFR
	assert_success
	assert_line --regexp '^example\.test\.	3600	IN	A	192\.0\.2\.1$'
	assert_line ';example.test.	IN	AXFR'
	# dig sees the same answer and gives up on it as a transfer
	run dig -p "$DOUBLE_PORT" @127.0.0.1 example.test AXFR
	assert_output --partial "Didn't start with SOA"
}

@test "cov2 query: a zone transfer cut after its first SOA: exit 3, said so" {
	double_start axfr-cut
	run --separate-stderr timeout 20 dnstk-query -p "$DOUBLE_PORT" @127.0.0.1 \
	    --timeout=2 example.test AXFR
	assert_failure 3
	[[ $stderr == "dnstk-query: zone transfer from 127.0.0.1#$DOUBLE_PORT: connection closed before the closing SOA" ]] ||
	    fail "$stderr"
	# dig agrees that the transfer did not end
	run dig -p "$DOUBLE_PORT" @127.0.0.1 example.test AXFR
	refute_output --partial 'XFR size'
}

# knot_start DIR: knotd serving x.test from DIR/x.zone (differences kept
# in its journal, transfers allowed from 127.0.0.1); sets KNOT_PORT,
# KNOT_PID, KNOT_CONF.
knot_start() {
	local d=$1 i
	mkdir -p "$d/db"
	KNOT_PORT=$(free_port) || return 1
	KNOT_CONF=$d/knot.conf
	cat >"$KNOT_CONF" <<EOF
server:
    listen: 127.0.0.1@$KNOT_PORT
    rundir: $d
    pidfile: $d/knot.pid
database:
    storage: $d/db
control:
    listen: $d/knot.sock
log:
  - target: $d/knot.log
    any: info
template:
  - id: default
    storage: $d
    zonefile-load: difference
    journal-content: changes
    zonefile-sync: -1
acl:
  - id: xfr
    address: 127.0.0.1
    action: transfer
zone:
  - domain: x.test
    file: x.zone
    acl: xfr
EOF
	knotd -c "$KNOT_CONF" -d || return 1
	for i in $(seq 1 100); do
		[ -s "$d/knot.pid" ] && break
		sleep 0.1
	done
	KNOT_PID=$(cat "$d/knot.pid") || return 1
	wait_port "$KNOT_PORT"
}

# knot_stop: stop the knotd of knot_start by its PID (bounded wait).
knot_stop() {
	[ -n "${KNOT_PID:-}" ] || return 0
	kill "$KNOT_PID" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$KNOT_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$KNOT_PID" 2>/dev/null || true
	KNOT_PID=
}

@test "cov2 query: an IXFR with one change from Knot, read as dig reads it" {
	command -v knotd >/dev/null || skip "knotd not installed"
	local d=$BATS_TEST_TMPDIR/knot i ours theirs
	mkdir -p "$d"
	printf '$ORIGIN x.test.\n$TTL 300\n@ SOA ns h 1 3600 600 86400 300\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n' \
	    >"$d/x.zone"
	knot_start "$d"
	# serial 2: www moves; Knot keeps the difference
	sed -i 's/ 1 3600/ 2 3600/; s/192\.0\.2\.10/192.0.2.11/' "$d/x.zone"
	knotc -c "$KNOT_CONF" zone-reload x.test >/dev/null
	for i in $(seq 1 50); do
		dig +short -p "$KNOT_PORT" @127.0.0.1 x.test SOA | grep -q ' 2 3600 ' && break
		sleep 0.1
	done
	run --separate-stderr dnstk-query -p "$KNOT_PORT" @127.0.0.1 --timeout=5 x.test IXFR=1
	assert_success
	assert_line 'www.x.test.	300	IN	A	192.0.2.10'
	assert_line 'www.x.test.	300	IN	A	192.0.2.11'
	[ "$(grep -c 'IN	SOA' <<<"$output")" -eq 4 ] || fail "SOA count"
	# the records of the difference, in order, as dig prints them
	ours=$(grep -v '^;' <<<"$output" | grep . | tr -s '\t ' ' ')
	theirs=$(dig +nocmd +nostats +nocomments +noquestion -p "$KNOT_PORT" \
	    @127.0.0.1 x.test IXFR=1 | grep -v '^;' | grep . | tr -s '\t ' ' ')
	[ "$ours" = "$theirs" ] || fail "ours: $ours; dig: $theirs"
	# up to date: the SOA alone
	run --separate-stderr dnstk-query -p "$KNOT_PORT" @127.0.0.1 --timeout=5 x.test IXFR=2
	assert_success
	[ "$(grep -c 'IN	SOA' <<<"$output")" -eq 1 ] || fail "$output"
	knot_stop
}

@test "cov2 serve forward: an answer for another name first, and a query in mixed case" {
	double_start wrong-question
	serve_start --forward="127.0.0.1#$DOUBLE_PORT"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$SERVE_PORT" --timeout=5 \
	    --tries=1 www.example A
	assert_success
	assert_output --partial 'status: NOERROR'
	assert_line --regexp '^www\.example\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.1$'
	# the upstream answers the name as asked; case does not matter (RFC 4343)
	run --separate-stderr dnstk-query @127.0.0.1 -p "$SERVE_PORT" --timeout=5 \
	    --tries=1 WwW.ExAmPlE A
	assert_success
	assert_output --partial 'status: NOERROR'
	assert_output --partial '192.0.2.1'
}
