#!/usr/bin/env bats
# The oracle: a validating Unbound with the test root's anchor, forwarding
# to NSD serving the hierarchy, must reach the verdict dnstk-verify-chain
# reaches, case by case (AD set: secure; SERVFAIL: bogus; an answer
# without AD: insecure), and the verdict each fixture was built for.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	load helpers/unbound
	command -v unbound >/dev/null || skip "no unbound"
	command -v dig >/dev/null || skip "no dig"
	local args=() f z
	for f in "$FIX"/dnssec/zones/*.zone; do
		z=$(basename "$f" .zone)
		[ "$z" = root ] && z=.
		args+=("$z" "$f")
	done
	nsd_start "$BATS_FILE_TMPDIR/nsd" "${args[@]}"
	unbound_start "$BATS_FILE_TMPDIR/unbound" "$FIX/dnssec/root.anchor" \
	    "$NSD_PORT"
}

teardown_file() {
	load helpers/servers
	load helpers/unbound
	unbound_stop
	nsd_stop
}

setup() {
	load helpers/common
	D=$FIX/dnssec
}

# unbound_verdict NAME TYPE: secure, insecure or bogus as Unbound sees it.
unbound_verdict() {
	local out
	out=$(dig +dnssec +tries=2 +time=3 @127.0.0.1 -p "$UNBOUND_PORT" "$1" "$2")
	if grep -q 'status: SERVFAIL' <<<"$out"; then
		echo bogus
	elif grep -qE '^;; flags:[a-z ]* ad[ ;]' <<<"$out"; then
		echo secure
	else
		echo insecure
	fi
}

@test "unbound oracle: Unbound agrees with every fixture case, online" {
	local bad="" n=0 u v
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		u=$(unbound_verdict "$name" "$type")
		# Unbound validates with the real clock; the windows hold now.
		v=$(dnstk-verify-chain @127.0.0.1 -p "$NSD_PORT" -q \
		    --anchor="$D/root.anchor" "$name" "$type" || true)
		[ "$u" = "$want" ] || bad="$bad unbound:$name/$type:$u"
		[ "$v" = "$u" ] || bad="$bad dnstk:$name/$type:$v"
		n=$((n + 1))
	done < "$D/cases.txt"
	[ -z "$bad" ] || fail "disagreements:$bad"
	[ "$n" -ge 30 ]
}

@test "unbound oracle: through Unbound as the resolver (DO+CD), the same verdicts" {
	local bad="" v
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		v=$(dnstk-verify-chain @127.0.0.1 -p "$UNBOUND_PORT" -q \
		    --anchor="$D/root.anchor" "$name" "$type" || true)
		[ "$v" = "$want" ] || bad="$bad $name/$type:$v"
	done < "$D/cases.txt"
	[ -z "$bad" ] || fail "wrong verdicts through the resolver:$bad"
}
