#!/usr/bin/env bats
# dnstk-serve: answers compared with NSD's for the same signed zones (NSEC,
# then NSEC3), RFC 6891 §7 rules, whole-RRset truncation, malformed
# queries, TCP pipelining and idle clients, zone errors, signals.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	Z=$FIX/serve
	RAW=$DNSTK_BUILD/tests/rawdns
	# www.serve.test A, ID 0x1234, RD
	QH=123401000001
	QN=0377777705736572766504746573740000010001
	OPT=00002904d0000000000000
}

teardown() {
	serve_stop
	nsd_stop
}

# hexq FLAGS AN NS AR TAIL: a www.serve.test A query with those header
# fields (4 hex digits each) and TAIL appended after the question.
hexq() {
	printf '1234%s0001%s%s%s%s%s' "$1" "$2" "$3" "$4" "$QN" "${5:-}"
}

# compare_with_nsd ZONEFILE: serve the zone with NSD and dnstk-serve and
# compare the answers to the generated query set.
compare_with_nsd() {
	nsd_start "$BATS_TEST_TMPDIR/nsd" serve.test "$1"
	serve_start "$1=serve.test"
	sh "$Z/gen-queries.sh" "$1" serve.test >"$BATS_TEST_TMPDIR/q"
	run "$DNSTK_BUILD/tests/servecmp" "$NSD_PORT" "$SERVE_PORT" \
	    <"$BATS_TEST_TMPDIR/q"
	echo "$output" | tail -40
	assert_success
	assert_output --partial 'differences 0'
	n=$(echo "$output" | sed -n 's/^compared \([0-9]*\),.*/\1/p')
	[ "$n" -ge 1500 ]
}

@test "serve: answers as NSD does for an NSEC-signed zone" {
	compare_with_nsd "$Z/serve.test.nsec"
}

@test "serve: answers as NSD does for an NSEC3-signed zone" {
	compare_with_nsd "$Z/serve.test.nsec3"
}

@test "serve: the comparison notices a different answer" {
	# the comparer is not blind: the NSEC zone against the NSEC3 one
	nsd_start "$BATS_TEST_TMPDIR/nsd" serve.test "$Z/serve.test.nsec"
	serve_start "$Z/serve.test.nsec3=serve.test."
	printf 'nx.serve.test. A do\nwww.serve.test. A\n' >"$BATS_TEST_TMPDIR/q"
	run "$DNSTK_BUILD/tests/servecmp" "$NSD_PORT" "$SERVE_PORT" \
	    <"$BATS_TEST_TMPDIR/q"
	assert_failure 1
	assert_line --partial 'compared 2, differences 1'
}

@test "serve: dnstk-edns-probe passes every test" {
	serve_start --nsid=probe "$Z/serve.test.nsec"
	run dnstk-edns-probe @127.0.0.1 -p "$SERVE_PORT" --timeout=2 serve.test
	assert_success
	assert_line '14 tests, 14 ok, 0 failed'
}

@test "serve: listening lines for IPv4 and IPv6; SIGTERM and SIGINT exit 0" {
	serve_start -l 127.0.0.1 -l ::1 "$Z/serve.test.nsec"
	run cat "$SERVE_LOG"
	assert_line "listening on 127.0.0.1#$SERVE_PORT"
	assert_line "listening on ::1#$SERVE_PORT"
	run dnstk-query @::1 -p "$SERVE_PORT" --timeout=2 --short www.serve.test A
	assert_output '192.0.2.80'
	serve_stop
	[ "$SERVE_STATUS" -eq 0 ]
	serve_start "$Z/serve.test.nsec"
	kill -INT "$SERVE_PID"
	local i st=0
	for i in $(seq 1 50); do
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	wait "$SERVE_PID" || st=$?
	SERVE_PID=
	[ "$st" -eq 0 ]
}

@test "serve: no OPT to a query without one; 512 octets at most" {
	serve_start "$Z/serve.test.nsec"
	run sq --no-edns --ignore-tc big.serve.test TXT
	assert_success
	refute_output --partial 'OPT PSEUDOSECTION'
	assert_output --partial 'flags: qr aa tc rd;'
	assert_output --partial 'ANSWER: 0,'
	run sq --no-edns www.serve.test A
	refute_output --partial 'OPT PSEUDOSECTION'
	assert_output --partial 'www.serve.test.	3600	IN	A	192.0.2.80'
}

@test "serve: BADVERS with version 0 and DO copied" {
	serve_start "$Z/serve.test.nsec"
	# EDNS version 1 with DO (dnstk-query would retry with version 0)
	run "$RAW" "$SERVE_PORT" "$(hexq 0100 0000 0000 0001 \
	    00002904d0000180000000)"
	assert_success
	run dnstk-wire <<<"$output"
	assert_output --partial 'status: BADVERS'
	assert_output --partial 'EDNS: version: 0, flags: do; udp: 1232'
	assert_output --partial 'ANSWER: 0,'
}

@test "serve: two OPT records, or an OPT outside the additional section: FORMERR" {
	serve_start "$Z/serve.test.nsec"
	run "$RAW" "$SERVE_PORT" "$(hexq 0100 0000 0000 0002 "$OPT$OPT")" \
	    "$(hexq 0100 0001 0000 0000 "$OPT")" \
	    "$(hexq 0100 0000 0001 0000 "$OPT")"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		run dnstk-wire <<<"$l"
		assert_output --partial 'status: FORMERR'
	done
}

@test "serve: malformed queries get FORMERR or nothing, and the next is answered" {
	serve_start "$Z/serve.test.nsec"
	# short of a header: dropped; a response: dropped; two questions,
	# a cut question, trailing garbage, a COOKIE of 2 octets: FORMERR
	run "$RAW" "$SERVE_PORT" 1234 "$(hexq 8100 0000 0000 0000)"
	assert_failure 3
	assert_output $'timeout\ntimeout'
	run "$RAW" "$SERVE_PORT" "${QH}0000000000000377" \
	    "1234010000020000000000${QN}" "$(hexq 0100 0000 0000 0000 ffff)" \
	    "$(hexq 0100 0000 0000 0001 00002904d000000000000600" \
	    "0a0002abcd)"
	assert_success
	for l in "${lines[@]}"; do
		run dnstk-wire <<<"$l"
		assert_output --partial 'status: FORMERR'
	done
	run "$RAW" "$SERVE_PORT" "$(hexq 0100 0000 0000 0000)"
	assert_success
	run dnstk-wire <<<"$output"
	assert_output --partial 'www.serve.test.	3600	IN	A	192.0.2.80'
	kill -0 "$SERVE_PID"
}

@test "serve: NOTIFY is REFUSED, other opcodes NOTIMP, names outside REFUSED" {
	serve_start "$Z/serve.test.nsec"
	run "$RAW" "$SERVE_PORT" "$(hexq 2000 0000 0000 0000)" \
	    "$(hexq 2800 0000 0000 0000)" "$(hexq 1000 0000 0000 0000)"
	assert_success
	run dnstk-wire <<<"${lines[0]}"
	assert_output --partial 'opcode: NOTIFY, status: REFUSED'
	run dnstk-wire <<<"$("$RAW" "$SERVE_PORT" "$(hexq 2800 0000 0000 0000)")"
	assert_output --partial 'status: NOTIMP'
	run sq example.org A
	assert_output --partial 'status: REFUSED'
	assert_output --partial 'flags: qr rd;'
}

@test "serve: the payload size is min(client, --max-udp), and TC only for needed data" {
	serve_start --max-udp=900 "$Z/serve.test.nsec"
	# big.serve.test TXT is 6 records of 114 octets: 684 octets
	run sq --bufsize=512 --ignore-tc big.serve.test TXT
	assert_output --partial 'flags: qr aa tc rd;'
	assert_output --partial 'ANSWER: 0,'
	assert_output --partial 'udp: 900'
	run sq --bufsize=4096 --ignore-tc -w big.serve.test TXT
	assert_success
	len=$(( ${#output} / 2 ))
	[ "$len" -le 900 ]
	run dnstk-wire <<<"$output"
	assert_output --partial 'ANSWER: 6,'
	refute_output --partial ' tc '
	# the whole RRset over TCP
	run sq --tcp --dnssec big.serve.test TXT
	assert_output --partial 'ANSWER: 7,'
}

@test "serve: a large additional section is cut by whole RRsets without TC" {
	serve_start "$Z/serve.test.nsec"
	run sq --bufsize=512 -w manymx.serve.test MX
	assert_success
	[ $(( ${#output} / 2 )) -le 512 ]
	run dnstk-wire <<<"$output"
	assert_output --partial 'flags: qr aa rd;'
	assert_output --partial 'ANSWER: 6,'
	# every AAAA RRset in the additional section is whole (3 records)
	for m in m1 m2 m3 m4 m5 m6; do
		n=$(grep -c "^$m.serve.test.	3600	IN	AAAA" <<<"$output" || true)
		[ "$n" -eq 0 ] || [ "$n" -eq 3 ]
	done
	[ "$(grep -c 'IN	AAAA' <<<"$output")" -lt 18 ]
	run sq --tcp manymx.serve.test MX
	[ "$(grep -c 'IN	AAAA	2001:db8::[1-6]:' <<<"$output")" -eq 18 ]
}

@test "serve: TCP: pipelined queries all answered, an idle client blocks nobody" {
	serve_start --tcp-idle=2 "$Z/serve.test.nsec"
	exec 5<>"/dev/tcp/127.0.0.1/$SERVE_PORT"	# connects, says nothing
	run "$RAW" --tcp "$SERVE_PORT" "$(hexq 0100 0000 0000 0000)" \
	    "5678${QH#1234}00000000000003${QN#03777777}" \
	    "$(hexq 0100 0000 0000 0001 "$OPT")"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	run sq --tcp --short www.serve.test AAAA
	assert_output '2001:db8::80'
	run sq --short www.serve.test A
	assert_output '192.0.2.80'
	# the silent client is closed after --tcp-idle (2 s): EOF, not timeout
	run timeout 8 cat <&5
	assert_success
	exec 5<&- 5>&-
}

@test "serve: NSID on request, COOKIE answered, BADCOOKIE only with --require-cookie" {
	serve_start --nsid=dnstk-serve "$Z/serve.test.nsec"
	run sq --nsid www.serve.test A
	assert_output --partial 'NSID: 646e73746b2d7365727665 ("dnstk-serve")'
	run sq www.serve.test A
	refute_output --partial 'NSID'
	run sq --cookie=0102030405060708 www.serve.test A
	assert_output --partial 'status: NOERROR'
	assert_output --regexp 'COOKIE: 0102030405060708[0-9a-f]{32}'
	serve_stop
	serve_start --require-cookie "$Z/serve.test.nsec"
	run sq --cookie=0102030405060708 --ignore-tc www.serve.test A
	assert_output --partial 'status: BADCOOKIE'
	cookie=$(sed -n 's/.*COOKIE: \([0-9a-f]*\).*/\1/p' <<<"$output" | head -1)
	[ ${#cookie} -eq 48 ]
	run sq --cookie="$cookie" www.serve.test A
	assert_output --partial 'status: NOERROR'
	assert_output --partial '192.0.2.80'
	# a made-up server cookie is refused
	run sq --cookie=0102030405060708010000000000000000000000deadbeef www.serve.test A
	assert_output --partial 'status: BADCOOKIE'
	# TCP proves the address: no BADCOOKIE there
	run sq --tcp --cookie=0102030405060708 www.serve.test A
	assert_output --partial 'status: NOERROR'
}

@test "serve: CD and RD copied, RA and AD clear, DO copied (RFC 4035 §3.1.6)" {
	serve_start "$Z/serve.test.nsec"
	run sq --cd --dnssec --ad www.serve.test A
	assert_output --partial 'flags: qr aa rd cd;'
	assert_output --partial 'flags: do;'
	run sq --no-rd www.serve.test A
	assert_output --partial 'flags: qr aa;'
}

@test "serve: a CNAME to a missing name is NXDOMAIN (RFC 6604 §3, unlike NSD)" {
	serve_start "$Z/serve.test.nsec"
	run sq --dnssec dangling.serve.test A
	assert_output --partial 'status: NXDOMAIN'
	assert_output --partial 'dangling.serve.test.	3600	IN	CNAME	nowhere.serve.test.'
	assert_output --regexp 'serve.test.	600	IN	SOA	ns1'
	# the NSEC covering nowhere.serve.test
	assert_output --partial 'manymx.serve.test.	600	IN	NSEC	ns1.serve.test.'
}

@test "serve: NSEC3: a wildcard owner asked by name gets only its matching NSEC3 (RFC 5155 §7.2.3)" {
	serve_start "$Z/serve.test.nsec3"
	run sq --dnssec '*.wild.serve.test' MX
	assert_output --partial 'status: NOERROR'
	[ "$(grep -c 'IN	NSEC3	' <<<"$output")" -eq 1 ]
	# the NSEC3 owner itself is no name of the zone (RFC 5155 §7.2.8)
	n3=$(awk '$4 == "NSEC3" { print $1; exit }' "$Z/serve.test.nsec3")
	run sq --dnssec "$n3" NSEC3
	assert_output --partial 'status: NXDOMAIN'
}

@test "serve: AXFR over TCP gives every record, the SOA first and last" {
	serve_start "$Z/serve.test.nsec"
	run dig +tcp +noall +answer -p "$SERVE_PORT" @127.0.0.1 serve.test AXFR
	assert_success
	want=$(grep -vc '^[;$]\|^$' "$Z/serve.test.nsec")
	[ "${#lines[@]}" -eq $((want + 1)) ]
	[[ ${lines[0]} == *SOA* ]] && [[ ${lines[-1]} == *SOA* ]]
	# dnstk-query asks AXFR over TCP unasked (issue 12), and gets it all
	run sq --short serve.test AXFR
	assert_success
	[ "${#lines[@]}" -eq $((want + 1)) ]
	# over UDP it is NOTIMP (kdig +notcp asks so; dig would not)
	run kdig +notcp -p "$SERVE_PORT" @127.0.0.1 serve.test AXFR
	assert_output --partial "replied with error 'NOTIMPL'"
}

@test "serve: a zone that cannot be loaded stops it with SOURCE:LINE, exit 2" {
	printf '$ORIGIN bad.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 300.1.1.1\n' \
	    >"$BATS_TEST_TMPDIR/bad.zone"
	run -2 dnstk-serve -p 0 -l 127.0.0.1 "$BATS_TEST_TMPDIR/bad.zone"
	assert_output --regexp "^dnstk-serve: .*bad.zone:4: "
	printf '$ORIGIN bad.test.\n@ SOA ns h 1 2 3 4 5\nx.other.test. A 1.2.3.4\n' \
	    >"$BATS_TEST_TMPDIR/out.zone"
	run -2 dnstk-serve -p 0 -l 127.0.0.1 "$BATS_TEST_TMPDIR/out.zone"
	assert_output --regexp "out.zone:3: record outside the zone"
	run -2 dnstk-serve -p 0 "$BATS_TEST_TMPDIR/missing.zone"
	assert_output --partial 'cannot open zone file'
	run -2 dnstk-serve -p 0
	assert_output --partial 'no zone file and no --forward given'
}

@test "serve: ZONEFILE=ORIGIN with or without the final dot; -v logs queries" {
	sed '/^\$ORIGIN/d' "$FIX/zones/example.test.zone" \
	    >"$BATS_TEST_TMPDIR/noorigin.zone"
	serve_start -v "$BATS_TEST_TMPDIR/noorigin.zone=example.test" \
	    "$Z/serve.test.nsec=serve.test."
	run sq --short www.example.test A
	assert_output '192.0.2.1'
	run sq --short www.serve.test A
	assert_output '192.0.2.80'
	run grep -c '^query: 127.0.0.1#[0-9]* udp www\.' "$SERVE_LOG"
	assert_output 2
}

@test "serve: --user drops root after binding (root only)" {
	[ "$(id -u)" -eq 0 ] || skip "not root"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	serve_start --user=nobody "$Z/serve.test.nsec"
	run awk '/^Uid:/ { print $2, $3 }' "/proc/$SERVE_PID/status"
	assert_output "$(id -u nobody) $(id -u nobody)"
	run sq --short www.serve.test A
	assert_output '192.0.2.80'
}

@test "serve: DNAME (RFC 6672): the DNAME, a CNAME made from it, the new name's answer" {
	serve_start "$Z/serve.test.nsec"
	run sq --dnssec a.b.c.dn2.serve.test A
	assert_output --partial 'status: NOERROR'
	assert_output --partial 'dn2.serve.test.	3600	IN	DNAME	deep.serve.test.'
	assert_output --partial 'a.b.c.dn2.serve.test.	3600	IN	CNAME	a.b.c.deep.serve.test.'
	assert_output --partial 'a.b.c.deep.serve.test.	3600	IN	A	192.0.2.44'
	# the made-up CNAME is not signed; the DNAME is
	refute_output --partial 'RRSIG	CNAME'
	assert_output --partial 'RRSIG	DNAME'
	# to a missing name: NXDOMAIN with both NSEC proofs (RFC 4035
	# §3.1.3.2; NSD leaves out the one covering the new name)
	run sq --dnssec below.dn.serve.test A
	assert_output --partial 'status: NXDOMAIN'
	assert_output --partial '_443._tcp.www.serve.test.	600	IN	NSEC	serve.test.'
	assert_output --partial 'www.serve.test.	600	IN	NSEC	_443._tcp.www.serve.test.'
	# out of our zones: the DNAME and the CNAME only
	run sq x.dnout.serve.test A
	assert_output --partial 'x.dnout.serve.test.	3600	IN	CNAME	x.example.org.'
}

@test "serve: a host without IPv6 listens on 127.0.0.1 alone by default" {
	command -v unshare >/dev/null && command -v ip >/dev/null ||
	    skip "no unshare or ip"
	unshare -n true 2>/dev/null || skip "no network namespaces here"
	# The log is created before the server starts (the shell opens the
	# redirection in the child, possibly after the first grep), every
	# wait is bounded and stops early when the server died, and the
	# server is stopped by PID (SIGKILL after 5 s).
	run timeout 60 unshare -n sh -c '
	    ip link set lo up && sysctl -qw net.ipv6.conf.lo.disable_ipv6=1 ||
	        exit 77
	    : >"$2" || exit 1
	    dnstk-serve -p 5353 "$1" 2>"$2" & p=$!
	    i=0
	    while [ $i -lt 300 ] && ! grep -q listening "$2" 2>/dev/null &&
	        kill -0 $p 2>/dev/null; do
	        sleep 0.1; i=$((i + 1))
	    done
	    grep -q listening "$2" || { cat "$2" >&2; kill -9 $p; exit 1; }
	    dnstk-query @127.0.0.1 -p 5353 --timeout=2 --tries=3 --short \
	        www.serve.test A
	    kill $p
	    i=0
	    while [ $i -lt 50 ] && kill -0 $p 2>/dev/null; do
	        sleep 0.1; i=$((i + 1))
	    done
	    kill -9 $p 2>/dev/null
	    wait $p' sh "$Z/serve.test.nsec" "$BATS_TEST_TMPDIR/log"
	[ "$status" -ne 77 ] || skip "cannot turn IPv6 off"
	assert_success
	assert_output '192.0.2.80'
	run cat "$BATS_TEST_TMPDIR/log"
	assert_output 'listening on 127.0.0.1#5353'
}
