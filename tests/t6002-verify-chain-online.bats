#!/usr/bin/env bats
# dnstk-verify-chain against NSD serving the whole test hierarchy on
# 127.0.0.1: every fixture case online, the same verdict and trace
# offline from --dump and from dig's output, TCP, a dead server.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	local args=() f z
	for f in "$FIX"/dnssec/zones/*.zone; do
		z=$(basename "$f" .zone)
		[ "$z" = root ] && z=.
		args+=("$z" "$f")
	done
	nsd_start "$BATS_FILE_TMPDIR/nsd" "${args[@]}"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
	D=$FIX/dnssec
	NOW=--now=20260601000000
}

on() {
	dnstk-verify-chain @127.0.0.1 -p "$NSD_PORT" --timeout=3 \
	    --anchor="$D/root.anchor" "$NOW" "$@"
}

off() {
	dnstk-verify-chain --offline --anchor="$D/root.anchor" "$NOW" "$@"
}

exit_for() {
	case $1 in
	secure) echo 0 ;; bogus) echo 1 ;; insecure) echo 4 ;;
	indeterminate) echo 5 ;;
	esac
}

@test "verify-chain online: every fixture case gives its verdict and exit code" {
	local bad=""
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		run on -q "$name" "$type"
		if [ "$output" != "$want" ] ||
		    [ "$status" -ne "$(exit_for "$want")" ]; then
			bad="$bad $name/$type:$output:$status"
		fi
	done < "$D/cases.txt"
	[ -z "$bad" ] || fail "wrong verdicts:$bad"
}

@test "verify-chain online: offline from --dump gives the same verdict and trace" {
	local bad="" i=0
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		i=$((i + 1))
		on --dump "$name" "$type" > "$BATS_TEST_TMPDIR/d$i" ||
		    bad="$bad dump:$name"
		on "$name" "$type" > "$BATS_TEST_TMPDIR/on$i" || true
		off --records="$BATS_TEST_TMPDIR/d$i" "$name" "$type" \
		    > "$BATS_TEST_TMPDIR/off$i" || true
		cmp -s "$BATS_TEST_TMPDIR/on$i" "$BATS_TEST_TMPDIR/off$i" ||
		    bad="$bad $name/$type"
	done < "$D/cases.txt"
	[ -z "$bad" ] || fail "online and offline differ:$bad"
}

@test "verify-chain online: --dump says which query brought each record" {
	run -0 on --dump www.a8.tld
	assert_line '; www.a8.tld. A: NOERROR'
	assert_line --regexp '^; a8\.tld\. DNSKEY: NOERROR$'
	assert_line --regexp '^; a8\.tld\. DS: NOERROR$'
	assert_line --regexp '^; tld\. DS: NOERROR$'
	assert_line --regexp '^www\.a8\.tld\.	3600	IN	A	192\.0\.2\.8$'
	refute_line --regexp 'OPT'
}

@test "verify-chain online: dig's output of the same queries validates offline alike" {
	command -v dig >/dev/null || skip "no dig"
	on --dump www.flip.tld > "$BATS_TEST_TMPDIR/dump"
	grep '^; ' "$BATS_TEST_TMPDIR/dump" | while read -r _ n t _; do
		dig +dnssec +cd +norec +tries=1 +time=3 @127.0.0.1 \
		    -p "$NSD_PORT" "$n" "${t%:}"
	done > "$BATS_TEST_TMPDIR/dig.txt"
	run -1 off -q --records="$BATS_TEST_TMPDIR/dig.txt" www.flip.tld
	assert_output bogus
	on --dump foo.wild.e13.tld > "$BATS_TEST_TMPDIR/dump"
	grep '^; ' "$BATS_TEST_TMPDIR/dump" | while read -r _ n t _; do
		dig +dnssec +cd +norec +tries=1 +time=3 @127.0.0.1 \
		    -p "$NSD_PORT" "$n" "${t%:}"
	done > "$BATS_TEST_TMPDIR/dig.txt"
	run -0 off -q --records="$BATS_TEST_TMPDIR/dig.txt" foo.wild.e13.tld
	assert_output secure
}

@test "verify-chain online: over TCP the verdicts are the same" {
	run -0 on --tcp -q www.e13.tld
	assert_output secure
	run -1 on --tcp -q www.nosig.tld
	assert_output bogus
	run -4 on --tcp -q www.unsigned.tld
	assert_output insecure
}

@test "verify-chain online: a wildcard answer is checked against its proof" {
	run -0 on foo.wild.a8.tld
	assert_line --partial 'wildcard expansion'
	assert_line --partial 'NSEC covers foo.wild.a8.tld.: the wildcard expansion is allowed'
	run -1 on x.w.wildnoproof.tld
	assert_line --partial 'wildcard answer for x.w.wildnoproof.tld. without proof'
}

@test "verify-chain online: a dead server is a network error, exit 3" {
	load helpers/servers
	local p
	p=$(free_port)
	run -3 dnstk-verify-chain @127.0.0.1 -p "$p" --timeout=1 --tries=1 \
	    --anchor="$D/root.anchor" www.a8.tld
	assert_output --partial '127.0.0.1'
}

@test "verify-chain online: dnstk-query's hex and JSON messages validate offline alike" {
	on --dump www.e13.tld > "$BATS_TEST_TMPDIR/dump"
	grep '^; ' "$BATS_TEST_TMPDIR/dump" | while read -r _ n t _; do
		dnstk-query -w --dnssec --cd @127.0.0.1 -p "$NSD_PORT" \
		    --timeout=3 "$n" "${t%:}"
	done > "$BATS_TEST_TMPDIR/msgs.hex"
	run -0 off -q --records="$BATS_TEST_TMPDIR/msgs.hex" www.e13.tld
	assert_output secure
	dnstk-wire -j "$BATS_TEST_TMPDIR/msgs.hex" > "$BATS_TEST_TMPDIR/msgs.json"
	run -0 off -q --records="$BATS_TEST_TMPDIR/msgs.json" www.e13.tld
	assert_output secure
	dnstk-wire "$BATS_TEST_TMPDIR/msgs.hex" > "$BATS_TEST_TMPDIR/msgs.txt"
	run -0 off -q --records="$BATS_TEST_TMPDIR/msgs.txt" www.e13.tld
	assert_output secure
	# Without the DNSKEY answers the chain cannot hold.
	grep -v DNSKEY "$BATS_TEST_TMPDIR/msgs.txt" > "$BATS_TEST_TMPDIR/nokeys.txt"
	run -1 off -q --records="$BATS_TEST_TMPDIR/nokeys.txt" www.e13.tld
	assert_output bogus
}
