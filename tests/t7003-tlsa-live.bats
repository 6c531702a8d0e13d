#!/usr/bin/env bats
# dnstk-tlsa-check live: TLS to openssl s_server on loopback (SNI-selected
# certificates too), every verdict cross-checked with openssl s_client's
# DANE code, STARTTLS through a test double, --pipe, TLSA from NSD, and
# servers that are down.

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dane
	D=$FIX/dane
	H=www.example.test
	SSRV_PID= SD_PID= NSD_PID=
}

teardown() {
	s_server_stop
	[ -z "${SD_PID:-}" ] || { kill "$SD_PID" 2>/dev/null; wait "$SD_PID" 2>/dev/null || true; }
	nsd_stop
}

# sd_start MODE [PROTO]: the STARTTLS double; sets SD_PORT, SD_PID, SD_LOG.
sd_start() {
	local f=$BATS_TEST_TMPDIR/sd.port i
	SD_LOG=$BATS_TEST_TMPDIR/sd.log
	: >"$SD_LOG"
	"$DNSTK_BUILD/tests/starttlsdouble" --cert="$D/chain-ec.pem" \
	    --key="$D/leaf-ec.key" --mode="$1" --proto="${2:-smtp}" \
	    --log="$SD_LOG" --lifetime=60 >"$f" 2>&1 3>&- &
	SD_PID=$!
	# up to 30 s: a loaded machine (or ASan) starts it slowly; stop
	# early if it died
	for i in $(seq 1 300); do
		[ -s "$f" ] && break
		kill -0 "$SD_PID" 2>/dev/null || break
		sleep 0.1
	done
	SD_PORT=$(head -n 1 "$f")
	[ -n "$SD_PORT" ]
}

live() {	# live TLSA-TEXT [ARGS...]: check the s_server on SSRV_PORT
	local recs=$1
	shift
	printf '%s\n' "$recs" >"$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --connect="127.0.0.1:$SSRV_PORT" --CAfile="$D/root.pem" \
	    --timeout=5 "$@"
}

@test "every usage/selector/mtype live, matching and not, agrees with openssl s_client" {
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -cert_chain "$D/int.pem" -www
	local u s m cert data other ours theirs bad=""
	for u in 0 1 2 3; do for s in 0 1; do for m in 0 1 2; do
		case $u in 0|2) cert=$D/int.pem ;; *) cert=$D/leaf-ec.pem ;; esac
		data=$(assoc "$cert" $s $m)
		other=$(flip "$data")
		[ $m = 0 ] && other=$(assoc "$D/other-root.pem" $s 0)
		for rec in "$u $s $m $data" "$u $s $m $other"; do
			live "$rec" -q $H
			ours=fail; [ "$status" = 0 ] && ours=ok
			[ "$status" = 0 ] || [ "$status" = 1 ] || bad="$bad [$rec: exit $status]"
			theirs=$(s_client_dane $H "$rec")
			[ "$ours" = "$theirs" ] || bad="$bad [${rec:0:9}: $ours vs s_client $theirs]"
			want=fail; [ "$rec" = "$u $s $m $data" ] && want=ok
			[ "$ours" = "$want" ] || bad="$bad [${rec:0:9}: $ours, want $want]"
		done
	done; done; done
	[ -z "$bad" ] || fail "disagree:$bad"
}

@test "live special cases agree with s_client: names, TA presence, unrelated CA, Ed25519" {
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -cert_chain "$D/int.pem" -www
	local bad="" rec host ours theirs
	while read -r host rec; do
		live "$rec" -q "$host"
		ours=fail; [ "$status" = 0 ] && ours=ok
		theirs=$(s_client_dane "$host" "$rec")
		[ "$ours" = "$theirs" ] || bad="$bad [$host $rec: $ours vs $theirs]"
	done <<EOF2
wrong.example.test 3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)
wrong.example.test 2 1 1 $(assoc "$D/int.pem" 1 1)
wrong.example.test 1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)
mail.example.test 0 0 1 $(assoc "$D/int.pem" 0 1)
$H 2 1 1 $(assoc "$D/root.pem" 1 1)
$H 2 0 0 $(assoc "$D/root.pem" 0 0)
$H 3 1 1 $(assoc "$D/int.pem" 1 1)
$H 2 1 1 $(assoc "$D/leaf-ec.pem" 1 1)
EOF2
	s_server_stop
	s_server_start "$D/other-leaf.pem" "$D/other-leaf.key" -cert_chain "$D/other-root.pem" -www
	for rec in "1 1 1 $(assoc "$D/other-leaf.pem" 1 1)" "3 1 1 $(assoc "$D/other-leaf.pem" 1 1)" \
	    "2 1 1 $(assoc "$D/other-root.pem" 1 1)"; do
		live "$rec" -q $H
		ours=fail; [ "$status" = 0 ] && ours=ok
		theirs=$(s_client_dane $H "$rec")
		[ "$ours" = "$theirs" ] || bad="$bad [other $rec: $ours vs $theirs]"
	done
	s_server_stop
	s_server_start "$D/self-ed25519.pem" "$D/self-ed25519.key" -www
	for rec in "3 1 1 $(assoc "$D/self-ed25519.pem" 1 1)" "2 0 1 $(assoc "$D/self-ed25519.pem" 0 1)"; do
		live "$rec" -q self.example.test
		ours=fail; [ "$status" = 0 ] && ours=ok
		theirs=$(s_client_dane self.example.test "$rec")
		[ "$ours" = "$theirs" ] || bad="$bad [ed25519 $rec: $ours vs $theirs]"
	done
	[ -z "$bad" ] || fail "disagree:$bad"
}

@test "SNI: HOST without its dot by default, --sni overrides, SNI-selected certificates" {
	s_server_start "$D/leaf-rsa.pem" "$D/leaf-rsa.key" -cert_chain "$D/int.pem" \
	    -servername $H -cert2 "$D/leaf-ec.pem" -key2 "$D/leaf-ec.key" -www
	ec=$(assoc "$D/leaf-ec.pem" 1 1)
	rsa=$(assoc "$D/leaf-rsa.pem" 1 1)
	live "3 1 1 $ec" WWW.Example.Test.
	assert_success
	assert_line --index 0 --partial "_443._tcp.WWW.Example.Test. "
	live "3 1 1 $rsa" --sni=other.example.test $H
	assert_success
	live "3 1 1 $ec" --sni=other.example.test $H
	assert_failure 1
	# the generated records come from what the server sent for the name
	run dnstk-tlsa-check --generate --connect=127.0.0.1:$SSRV_PORT $H 8443
	assert_success
	assert_output "_8443._tcp.$H. 3600 IN TLSA 3 1 1 $ec"
}

@test "--pipe relays an HTTP request to s_server -www after a match" {
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -cert_chain "$D/int.pem" -www
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr dnstk-tlsa-check --pipe --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --connect=127.0.0.1:$SSRV_PORT $H \
	    <<<"$(printf 'GET / HTTP/1.0\r\nHost: %s\r\n\r\n' $H)"
	assert_success
	assert_line --index 0 $'HTTP/1.0 200 ok\r'
	[[ $stderr == *"verdict: match:"* ]] || fail "no verdict on stderr: $stderr"
}

@test "--pipe on a mismatch: exit 1, nothing relayed, the server sees no application data" {
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -cert_chain "$D/int.pem"
	echo "3 1 1 $(flip "$(assoc "$D/leaf-ec.pem" 1 1)")" >"$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr dnstk-tlsa-check --pipe --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --connect=127.0.0.1:$SSRV_PORT $H <<<"SECRET-REQUEST-LINE"
	assert_failure 1
	assert_output ""
	[[ $stderr == *"verdict: no-match:"* ]] || fail "$stderr"
	# s_server (echo mode) prints what it receives; then a control run
	# shows that it would have
	sleep 0.3
	! grep -q SECRET "$SSRV_LOG" || fail "the server got data"
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/tlsa"
	timeout 5 dnstk-tlsa-check --pipe --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --connect=127.0.0.1:$SSRV_PORT $H <<<"CONTROL-LINE" >/dev/null 2>&1 || true
	for i in $(seq 1 30); do grep -q CONTROL "$SSRV_LOG" && break; sleep 0.1; done
	grep -q CONTROL "$SSRV_LOG" || fail "control data never reached s_server"
}

@test "STARTTLS SMTP: EHLO, capability, STARTTLS, then DANE on port 25" {
	sd_start ok
	echo "_25._tcp.mail.example.test. IN TLSA 3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" \
	    >"$BATS_TEST_TMPDIR/tlsa"
	run dnstk-tlsa-check --starttls=smtp --connect=127.0.0.1:$SD_PORT \
	    --tlsa="$BATS_TEST_TMPDIR/tlsa" mail.example.test
	assert_success
	assert_line --index 0 "tlsa: _25._tcp.mail.example.test. 1 record, dnssec given"
	# --pipe over STARTTLS: the double echoes what it gets
	run --separate-stderr dnstk-tlsa-check --pipe --starttls=smtp \
	    --connect=127.0.0.1:$SD_PORT --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    mail.example.test <<<"QUIT"
	assert_success
	assert_output "QUIT"
}

@test "STARTTLS refused, not offered, or a silent server: a clear error, exit 3, no hang" {
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/tlsa"
	for mode in refuse no-starttls silent; do
		sd_start $mode
		run --separate-stderr timeout 20 dnstk-tlsa-check --starttls=smtp \
		    --timeout=1 --connect=127.0.0.1:$SD_PORT \
		    --tlsa="$BATS_TEST_TMPDIR/tlsa" mail.example.test
		[ "$status" = 3 ] || fail "$mode: exit $status"
		case $mode in
		refuse) [[ $stderr == *"smtp: STARTTLS refused: '454 4.7.0 TLS not available'"* ]] ;;
		no-starttls) [[ $stderr == *"smtp: the server does not offer STARTTLS"* ]] ;;
		silent) [[ $stderr == *"smtp: no answer from the server in time"* ]] ;;
		esac || fail "$mode: $stderr"
		kill "$SD_PID"; wait "$SD_PID" 2>/dev/null || true; SD_PID=
	done
}

@test "STARTTLS IMAP, POP3, FTP, XMPP, PostgreSQL and LDAP" {
	for p in imap pop3 ftp xmpp postgres ldap; do
		sd_start ok $p
		echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/tlsa"
		run dnstk-tlsa-check -q --starttls=$p --connect=127.0.0.1:$SD_PORT \
		    --tlsa="$BATS_TEST_TMPDIR/tlsa" mail.example.test
		assert_success
		kill "$SD_PID"; wait "$SD_PID" 2>/dev/null || true; SD_PID=
		sd_start refuse $p
		run dnstk-tlsa-check -q --starttls=$p --connect=127.0.0.1:$SD_PORT \
		    --timeout=2 --tlsa="$BATS_TEST_TMPDIR/tlsa" mail.example.test
		assert_failure 3
		kill "$SD_PID"; wait "$SD_PID" 2>/dev/null || true; SD_PID=
	done
}

@test "TLS server down and DNS server down: exit 3 quickly" {
	p=$(free_port)
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr timeout 10 dnstk-tlsa-check --timeout=1 \
	    --connect=127.0.0.1:$p --tlsa="$BATS_TEST_TMPDIR/tlsa" $H
	assert_failure 3
	[[ $stderr == *"cannot connect to 127.0.0.1 port $p"* ]] || fail "$stderr"
	run --separate-stderr timeout 10 dnstk-tlsa-check --timeout=1 --tries=1 \
	    -s 127.0.0.1 -p "$p" --cert="$D/chain-ec.pem" $H
	assert_failure 3
	[[ $stderr == *"no answer from 127.0.0.1"* ]] || fail "$stderr"
	# a server that accepts and never speaks TLS: the handshake times out
	sd_start silent
	run --separate-stderr timeout 10 dnstk-tlsa-check --timeout=1 \
	    --connect=127.0.0.1:$SD_PORT --tlsa="$BATS_TEST_TMPDIR/tlsa" $H
	assert_failure 3
	[[ $stderr == *"TLS handshake timed out"* ]] || fail "$stderr"
}

# nsd_dane: NSD serving the signed fixture zone and its unsigned child.
nsd_dane() {
	nsd_start "$BATS_TEST_TMPDIR/nsd" example.test "$D/example.test.zone" \
	    insecure.example.test "$D/insecure.example.test.zone"
	DNS=(-s 127.0.0.1 -p "$NSD_PORT" --anchor="$D/dane.anchor" --now=20260601000000)
}

@test "TLSA from NSD, validated: secure match 0, secure mismatch 1, bogus 1, insecure 4, denied 1" {
	nsd_dane
	run --separate-stderr dnstk-tlsa-check "${DNS[@]}" --cert="$D/chain-ec.pem" $H
	assert_success
	assert_line --index 0 "tlsa: _443._tcp.$H. 1 record, dnssec secure"
	assert_line --regexp '^verdict: match: record 1 \(DANE-EE\) matched at depth 0; TLSA DNSSEC-secure$'
	run dnstk-tlsa-check "${DNS[@]}" -q --cert="$D/chain-ec.pem" bad.example.test
	assert_failure 1
	assert_output --regexp '^verdict: no-match: .*DNSSEC-secure$'
	run dnstk-tlsa-check "${DNS[@]}" -j --cert="$D/chain-ec.pem" bogus.example.test
	assert_failure 1
	jq -e '.verdict == "bogus" and .dnssec == "bogus" and .exit == 1' <<<"$output"
	run dnstk-tlsa-check "${DNS[@]}" -q --cert="$D/chain-ec.pem" www.insecure.example.test
	assert_failure 4
	assert_output --partial "insecure.example.test. is an insecure delegation"
	run dnstk-tlsa-check "${DNS[@]}" -q --insecure-ok --cert="$D/chain-ec.pem" www.insecure.example.test
	assert_success
	run dnstk-tlsa-check "${DNS[@]}" -q --cert="$D/chain-ec.pem" none.example.test
	assert_failure 1
	assert_output --regexp '^verdict: no-tlsa: no TLSA records \(securely denied\)'
	run dnstk-tlsa-check "${DNS[@]}" -q --cert="$D/chain-ec.pem" mail.example.test 25
	assert_success
	# a trust anchor for another zone covers nothing here: indeterminate
	sed 's/^example\.test\./other.test./' "$D/dane.anchor" >"$BATS_TEST_TMPDIR/other.anchor"
	run dnstk-tlsa-check -s 127.0.0.1 -p "$NSD_PORT" --anchor="$BATS_TEST_TMPDIR/other.anchor" \
	    --now=20260601000000 -q --cert="$D/chain-ec.pem" $H
	assert_failure 5
	# signatures past their window (2060) are not secure
	run dnstk-tlsa-check -s 127.0.0.1 -p "$NSD_PORT" --anchor="$D/dane.anchor" \
	    --now=20610101000000 -q --cert="$D/chain-ec.pem" $H
	assert_failure 1
	assert_output --regexp '^verdict: bogus: '
}

@test "live and validated end to end: --pipe relays only on a secure match" {
	nsd_dane
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -cert_chain "$D/int.pem" -www
	run --separate-stderr dnstk-tlsa-check "${DNS[@]}" --pipe \
	    --connect=127.0.0.1:$SSRV_PORT $H <<<"$(printf 'GET / HTTP/1.0\r\n\r\n')"
	assert_success
	assert_line --index 0 $'HTTP/1.0 200 ok\r'
	# insecure TLSA: not a byte relayed, exit 4, even with a match
	run --separate-stderr dnstk-tlsa-check "${DNS[@]}" --pipe \
	    --connect=127.0.0.1:$SSRV_PORT www.insecure.example.test <<<"GET / HTTP/1.0"
	assert_failure 4
	assert_output ""
	# --insecure-ok accepts the verdict but --pipe still wants it secure
	run --separate-stderr dnstk-tlsa-check "${DNS[@]}" --pipe --insecure-ok \
	    --connect=127.0.0.1:$SSRV_PORT www.insecure.example.test <<<"GET / HTTP/1.0"
	assert_failure 1
	assert_output ""
	[[ $stderr == *"not relaying"* ]] || fail "$stderr"
}

@test "the issue's pipeline: dnstk-query --short output into --tlsa=-" {
	nsd_dane
	run bash -c "dnstk-query -s 127.0.0.1 -p $NSD_PORT --short _443._tcp.$H TLSA |
	    dnstk-tlsa-check --tlsa=- --cert='$D/chain-ec.pem' -q $H"
	assert_success
	assert_output --regexp '^verdict: match: '
	run bash -c "dig +short -p $NSD_PORT @127.0.0.1 _443._tcp.$H TLSA |
	    dnstk-tlsa-check --tlsa=- --cert='$D/chain-ec.pem' -q $H"
	assert_success
	# whole messages too: dig's full output, dnstk-query's text, hex, JSON
	run bash -c "dig -p $NSD_PORT @127.0.0.1 _443._tcp.$H TLSA |
	    dnstk-tlsa-check --tlsa=- --cert='$D/chain-ec.pem' -q $H 2>/dev/null"
	assert_success
	for f in "" -w -j; do
		run bash -c "dnstk-query -s 127.0.0.1 -p $NSD_PORT $f _443._tcp.$H TLSA |
		    dnstk-tlsa-check --tlsa=- --cert='$D/chain-ec.pem' -q $H 2>/dev/null"
		assert_success
		assert_output --regexp '^verdict: match: '
	done
	# --sni with a trailing dot is sent without it
	s_server_start "$D/leaf-rsa.pem" "$D/leaf-rsa.key" -cert_chain "$D/int.pem" \
	    -servername $H -cert2 "$D/leaf-ec.pem" -key2 "$D/leaf-ec.key" -www
	run dnstk-tlsa-check -q --connect=127.0.0.1:$SSRV_PORT --sni=$H. \
	    --tlsa=- other.example.test <<<"3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	assert_success
}
