#!/usr/bin/env bats
# dnstk-serve refuses zone files it cannot serve, before listening: each
# defect gives exit 2 and "dnstk-serve: FILE[:LINE]: what is wrong", and
# no "listening on" line.  Also the option refusals --user and --anchor.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	Z=$BATS_TEST_TMPDIR/z.zone
}

# refused TEXT WANT [ARGS...]: a zone file with TEXT (printf format),
# served with ARGS (default: the file), must be refused with WANT.
refused() {
	local text=$1 want=$2
	shift 2
	printf "$text" > "$Z"
	[ $# -gt 0 ] || set -- "$Z"
	run --separate-stderr timeout 10 dnstk-serve -p 0 -l 127.0.0.1 "$@"
	[ "$status" -eq 2 ] || fail "exit $status for '$text': $stderr"
	[ "$stderr" = "dnstk-serve: $want" ] || fail "got '$stderr', want '$want'"
	[ -z "$output" ]
}

S='$ORIGIN c.test.\n@ SOA ns h 1 2 3 4 5\n'

@test "cov serve zones: records the zone cannot hold" {
	refused "$S"'@ CH TXT "x"\n' "$Z:3: record of class other than IN"
	refused "$S"'@ SOA ns h 2 2 3 4 5\n' "$Z:3: a second SOA record"
	refused "$S"'x SOA ns h 2 2 3 4 5\n' "$Z:3: SOA record not at the zone's origin"
	refused "$S"'@ NSEC3PARAM 1 0 5000 ab\n' "$Z: unusable NSEC3PARAM record"
}

@test "cov serve zones: the origin must be known and hold the SOA" {
	refused '$ORIGIN c.test.\n@ NS ns.c.test.\n@ SOA ns h 1 2 3 4 5\n' \
	    "$Z:2: the first record is not the SOA: give the origin as FILE=ORIGIN"
	refused '' "$Z: no SOA record: the zone is empty"
	refused '$ORIGIN c.test.\n@ NS ns.c.test.\n' \
	    "$Z: no SOA record at the zone's origin" "$Z=c.test"
	refused "$S" "$Z: 'a..b' is not a domain name" "$Z=a..b"
	refused "$S" "$Z:2: SOA record not at the zone's origin" "$Z=."
	refused "$S" "$Z: a zone with this origin is already loaded" "$Z" "$Z"
}

@test "cov serve zones: --user of nobody known, an anchor file that is missing" {
	printf "$S" > "$Z"
	run --separate-stderr -2 timeout 10 dnstk-serve -p 0 -l 127.0.0.1 \
	    --user=nosuchuser-dnstk "$Z"
	[ "$stderr" = "dnstk-serve: --user: no user 'nosuchuser-dnstk'" ]
	run --separate-stderr -2 timeout 10 dnstk-serve -p 0 -l 127.0.0.1 \
	    --forward=127.0.0.1 --validate --anchor="$BATS_TEST_TMPDIR/none" "$Z"
	[ "$stderr" = "dnstk-serve: --anchor: cannot open '$BATS_TEST_TMPDIR/none'" ]
}
