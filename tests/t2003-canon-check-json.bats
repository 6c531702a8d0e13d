# dnstk-canon-sort --check -j: the findings as JSON Lines (issue 12).

setup() {
	load helpers/common
	bats_require_minimum_version 1.5.0
	T=$BATS_TEST_TMPDIR
}

@test "--check -j: one JSON object per finding, members and line numbers" {
	cd "$T"
	# line 3 repeats line 2 (case differs), line 5 has another TTL than
	# line 4 in the same RRset
	printf '%s\n' '$ORIGIN example.' 'www 300 A 192.0.2.1' \
	    'WWW 300 A 192.0.2.1' 'mx 600 MX 10 a' 'mx 60 MX 20 b' > z.db
	run --separate-stderr dnstk-canon-sort --check -j z.db
	[ "$status" -eq 1 ]
	[[ $stderr == *"1 duplicate record, 1 RRset with differing TTLs"* ]]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
	printf '%s\n' "$output" > out.jsonl
	# every line is an object with the zone-finding members
	jq -e -s 'length == 2 and all(.[]; .severity == "error" and
	    (.line | type) == "number" and .source == "z.db" and
	    (.message | type) == "string" and (.related | type) == "string")' \
	    out.jsonl
	dup=$(jq -c -s 'map(select(.code == "duplicate-record"))[0]' out.jsonl)
	[ "$(jq -r .owner <<<"$dup")" = www.example. ]
	[ "$(jq -r .type <<<"$dup")" = A ]
	[ "$(jq -r .message <<<"$dup")" = "duplicate record" ]
	[ "$(jq -r .related <<<"$dup")" = z.db:2 ]
	# the line number points at the repeated record in the input
	n=$(jq -r .line <<<"$dup")
	[ "$(sed -n "${n}p" z.db)" = 'WWW 300 A 192.0.2.1' ]
	ttl=$(jq -c -s 'map(select(.code == "ttl-mismatch"))[0]' out.jsonl)
	[ "$(jq -r .owner <<<"$ttl")" = mx.example. ]
	[ "$(jq -r .type <<<"$ttl")" = MX ]
	n=$(jq -r .line <<<"$ttl")
	[ "$(sed -n "${n}p" z.db)" = 'mx 600 MX 10 a' ]
	[[ $(jq -r .message <<<"$ttl") == "TTL 600 differs from TTL 60" ]]
}

@test "--check -j on a clean zone: no output, exit 0" {
	printf '%s\n' 'a.example. 300 IN A 192.0.2.1' > "$T/ok.db"
	run --separate-stderr dnstk-canon-sort --check -j "$T/ok.db"
	assert_success
	[ -z "$output" ] && [ -z "$stderr" ]
}

@test "--check without -j still writes its text lines to stderr only" {
	printf '%s\n' 'a.example. 300 IN A 192.0.2.1' \
	    'a.example. 300 IN A 192.0.2.1' > "$T/d.db"
	run --separate-stderr dnstk-canon-sort --check "$T/d.db"
	[ "$status" -eq 1 ] && [ -z "$output" ]
	[[ $stderr == *"d.db:2: duplicate record in RRset a.example. IN A (see "*"d.db:1)"* ]]
}
