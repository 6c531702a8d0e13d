# dnstk-canon-sort: canonical order and form, RRsets, checks, signed data,
# every input form, and bad input (clean error, exit 2, nothing written).

setup() {
	load helpers/common
	bats_require_minimum_version 1.5.0
	C=$FIX/canon
	T=$BATS_TEST_TMPDIR
}

# --- order ----------------------------------------------------------------

@test "the RFC 4034 6.1 example names sort in the RFC's order" {
	run --separate-stderr dnstk-canon-sort "$C/rfc4034.db"
	assert_success
	[ -z "$stderr" ]
	echo "$output" > "$T/actual"
	test_cmp "$C/rfc4034.expect" "$T/actual"
}

@test "the same records in any order give the same bytes" {
	dnstk-canon-sort "$C/names.db" > "$T/want"
	grep -v '^\$' "$C/names.db" | grep -v '^;' > "$T/body"
	for seed in 1 2 3 4 5; do
		{ echo '$TTL 60'; shuf --random-source=<(yes $seed) "$T/body"; } \
		    > "$T/shuffled"
		dnstk-canon-sort "$T/shuffled" > "$T/got"
		test_cmp "$T/want" "$T/got"
	done
	{ echo '$TTL 60'; tac "$T/body"; } | dnstk-canon-sort > "$T/got"
	test_cmp "$T/want" "$T/got"
}

@test "escapes, the root, long names, unknown types and classes sort right" {
	dnstk-canon-sort "$C/names.db" > "$T/actual"
	test_cmp "$C/names.expect" "$T/actual"
}

@test "duplicates of different case keep the same one whatever the order" {
	printf 'A.example. 60 IN A 192.0.2.1\na.example. 60 IN A 192.0.2.1\n' |
	    dnstk-canon-sort 2>/dev/null > "$T/one"
	printf 'a.example. 60 IN A 192.0.2.1\nA.example. 60 IN A 192.0.2.1\n' |
	    dnstk-canon-sort 2>/dev/null > "$T/two"
	test_cmp "$T/one" "$T/two"
	[ "$(cat "$T/one")" = "$(printf 'A.example.\t60\tIN\tA\t192.0.2.1')" ]
}

# --- forms ----------------------------------------------------------------

@test "--canonical lowercases owners and the names of listed types only" {
	run --separate-stderr dnstk-canon-sort --canonical "$C/names.db"
	assert_success
	echo "$output" > "$T/actual"
	test_cmp "$C/names.canonical.expect" "$T/actual"
	# RFC 6840 5.1: the NSEC next name keeps its case; RRSIG signer not
	assert_line "$(printf 'c.\t60\tIN\tNSEC\tA.C. A RRSIG NSEC')"
	assert_line --partial "1 c. AAAA"
}

@test "-w prints the canonical wire form: the canonical text in wire form" {
	dnstk-canon-sort -w "$C/names.db" > "$T/hex"
	dnstk-canon-sort --canonical "$C/names.db" | dnstk-wire --rr -w \
	    > "$T/want"
	test_cmp "$T/want" "$T/hex"
	# Z.a.example. A 192.0.2.4 of the RFC example, byte by byte
	run dnstk-canon-sort -w "$C/rfc4034.db"
	assert_line --index 3 \
	    017a0161076578616d706c6500000100010000012c0004c0000204
}

@test "--format=hex is -w, and -j writes JSON Lines of the sorted records" {
	dnstk-canon-sort --format=hex "$C/rfc4034.db" > "$T/a"
	dnstk-canon-sort -w "$C/rfc4034.db" > "$T/b"
	test_cmp "$T/a" "$T/b"
	dnstk-canon-sort -j "$C/rfc4034.db" > "$T/json"
	dnstk-wire --rr -j "$C/rfc4034.expect" > "$T/want"
	test_cmp "$T/want" "$T/json"
}

@test "text output of the common types is what ldns prints" {
	# the fast renderer must match dnstk-wire (ldns) byte for byte
	dnstk-canon-sort "$C/types.db" | sort > "$T/fast"
	dnstk-wire --rr "$C/types.db" | sort > "$T/ldns"
	test_cmp "$T/ldns" "$T/fast"
	dnstk-canon-sort --canonical "$C/types.db" | sort > "$T/fast"
	dnstk-canon-sort --canonical -w "$C/types.db" | dnstk-wire --rr |
	    sort > "$T/ldns"
	test_cmp "$T/ldns" "$T/fast"
}

# --- RRsets, duplicates, TTLs ---------------------------------------------

@test "--rrsets: a comment before each RRset and a blank line after it" {
	dnstk-canon-sort --rrsets "$C/dups.db" > "$T/actual" 2> "$T/err"
	test_cmp "$C/dups.rrsets.expect" "$T/actual"
	[ "$(cat "$T/err")" = "dnstk-canon-sort: removed 2 duplicate records" ]
}

@test "--rrsets with -w uses '#' comments that dnstk-wire skips" {
	dnstk-canon-sort --rrsets -w "$C/dups.db" 2>/dev/null > "$T/hex"
	grep -q '^# www.example. IN A: 2 records' "$T/hex"
	dnstk-wire --rr "$T/hex" > "$T/back"
	dnstk-canon-sort --canonical "$C/dups.db" 2>/dev/null > "$T/want"
	test_cmp "$T/want" "$T/back"
}

@test "duplicates are removed and counted; --keep-duplicates keeps them" {
	run --separate-stderr dnstk-canon-sort "$C/dups.db"
	assert_success
	[ "${#lines[@]}" -eq 5 ]
	[ "$stderr" = "dnstk-canon-sort: removed 2 duplicate records" ]
	run --separate-stderr dnstk-canon-sort --keep-duplicates "$C/dups.db"
	assert_success
	[ "${#lines[@]}" -eq 7 ]
	[ -z "$stderr" ]
}

@test "--check reports every duplicate and TTL mismatch and exits 1" {
	cd "$C"
	run --separate-stderr dnstk-canon-sort --check dups.db
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	echo "$stderr" > "$T/actual"
	test_cmp "$C/dups.check.expect" "$T/actual"
}

@test "--check names each input; a clean zone exits 0 silently" {
	run --separate-stderr dnstk-canon-sort --check "$C/rfc4034.db"
	assert_success
	[ -z "$output" ] && [ -z "$stderr" ]
	run --separate-stderr dnstk-canon-sort --check "$C/rfc4034.db" - \
	    <<< 'example. 60 IN A 192.0.2.1'
	[ "$status" -eq 1 ]
	[[ $stderr == *"dnstk-canon-sort: stdin:1: duplicate record in RRset example. IN A (see $C/rfc4034.db:7)"* ]]
	[[ $stderr == *"dnstk-canon-sort: $C/rfc4034.db:7: TTL 300 differs from TTL 60 in RRset example. IN A (see stdin:1)"* ]]
}

@test "--fix-ttl sets each RRset's TTL to its lowest" {
	dnstk-canon-sort --fix-ttl --rrsets "$C/dups.db" > "$T/actual" 2>/dev/null
	test_cmp "$C/dups.fixttl.expect" "$T/actual"
}

# --- messages ---------------------------------------------------------------

@test "messages in text, hex and JSON give the same records" {
	dnstk-canon-sort "$C/msg.txt" 2>/dev/null > "$T/text"
	test_cmp "$C/msg.expect" "$T/text"
	dnstk-wire -w "$C/msg.txt" | dnstk-canon-sort 2>/dev/null > "$T/hex"
	test_cmp "$C/msg.expect" "$T/hex"
	dnstk-wire -j "$C/msg.txt" | dnstk-canon-sort 2>/dev/null > "$T/json"
	test_cmp "$C/msg.expect" "$T/json"
}

@test "--section picks one section; the question and OPT are never records" {
	run --separate-stderr dnstk-canon-sort --section=authority "$C/msg.txt"
	assert_success
	assert_output "$(printf 'example.\t3600\tIN\tNS\tNS1.example.')"
	dnstk-wire -w "$C/msg.txt" |
	    dnstk-canon-sort --section=additional > "$T/add"
	printf 'ns1.example.\t600\tIN\tA\t192.0.2.53\nns1.example.\t3600\tIN\tAAAA\t2001:db8::53\n' > "$T/want"
	test_cmp "$T/want" "$T/add"
	run --separate-stderr dnstk-canon-sort --section=answer \
	    --keep-duplicates "$C/msg.txt"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	refute_output --partial OPT
}

@test "records in hex and JSON lines are read like the zone" {
	dnstk-wire --rr -w "$C/names.db" | dnstk-canon-sort > "$T/hex"
	test_cmp "$C/names.expect" "$T/hex"
	dnstk-wire --rr -j "$C/names.db" | dnstk-canon-sort > "$T/json"
	test_cmp "$C/names.expect" "$T/json"
	dnstk-wire --rr -w "$C/names.db" | dnstk-canon-sort --in=hex > "$T/in"
	test_cmp "$C/names.expect" "$T/in"
}

@test "several files and stdin are sorted together" {
	head -n 7 "$C/rfc4034.db" > "$T/a"
	{ echo '$ORIGIN example.'; echo '$TTL 300'; tail -n 5 "$C/rfc4034.db"; } \
	    > "$T/b"
	dnstk-canon-sort "$T/b" - < "$T/a" > "$T/actual"
	test_cmp "$C/rfc4034.expect" "$T/actual"
}

# --- signed data ----------------------------------------------------------

@test "--signed-data prints each RRSIG's signed data" {
	run --separate-stderr dnstk-canon-sort --signed-data "$C/signed.db"
	assert_success
	echo "$output" > "$T/actual"
	test_cmp "$C/signed.data.expect" "$T/actual"
}

# The DER of one INTEGER from 32 bytes of hex.
der_int() {
	local h=$1
	while [ "${h:0:2}" = 00 ] && [ ${#h} -gt 2 ]; do h=${h:2}; done
	if [ $((16#${h:0:2})) -ge 128 ]; then h=00$h; fi
	printf '02%02x%s' $((${#h} / 2)) "$h"
}

@test "the signed data verifies with openssl against the zone's DNSKEY" {
	# ECDSA P-256 public key to PEM: a fixed SubjectPublicKeyInfo prefix
	key=$(awk '$4 == "DNSKEY" { print $8 }' "$C/signed.db" | base64 -d |
	    xxd -p -c 256)
	echo "3059301306072a8648ce3d020106082a8648ce3d03010703420004$key" |
	    xxd -r -p | openssl pkey -pubin -inform DER -out "$T/key.pem"
	dnstk-canon-sort --signed-data "$C/signed.db" > "$T/sd"
	n=0
	while IFS= read -r comment && IFS= read -r data; do
		# the RRSIG named by the comment, and its signature
		sig=$(grep -F "$(echo "$comment" | sed 's/^; //; s/ ; .*//')" \
		    "$C/signed.db" | awk '{ print $NF }' | base64 -d |
		    xxd -p -c 256)
		r=$(der_int "${sig:0:64}") s=$(der_int "${sig:64:64}")
		printf '30%02x%s%s' $(((${#r} + ${#s}) / 2)) "$r" "$s" |
		    xxd -r -p > "$T/sig.der"
		echo "$data" | xxd -r -p > "$T/data.bin"
		run openssl dgst -sha256 -verify "$T/key.pem" \
		    -signature "$T/sig.der" "$T/data.bin"
		[ "$output" = "Verified OK" ] || fail "not verified: $comment"
		n=$((n + 1))
	done < "$T/sd"
	[ "$n" -ge 16 ]
}

@test "--signed-data rebuilds the wildcard owner from the label count" {
	# an answer synthesised from *.WILD.Example. carries the same RRSIG
	grep -i '^\*\.wild\.example\..*\(TXT\|RRSIG.TXT\)' "$C/signed.db" |
	    sed 's/^\*\.[Ww][Ii][Ll][Dd]/Deep.Foo.wild/' > "$T/answer"
	dnstk-canon-sort --signed-data "$T/answer" | tail -n 1 > "$T/got"
	grep -A1 -i 'RRSIG	TXT' "$C/signed.data.expect" | tail -n 1 > "$T/want"
	test_cmp "$T/want" "$T/got"
	grep -q '2a0477696c64' "$T/got"	# *.wild in the data
}

@test "--signed-data with no covered records says so" {
	grep 'RRSIG	MX' "$C/signed.db" > "$T/lone"
	run --separate-stderr dnstk-canon-sort --signed-data "$T/lone"
	assert_success
	assert_output --partial "; no record of the covered RRset in the input"
	[ "${#lines[@]}" -eq 1 ]
}

@test "--signed-data checks the RRSIG label count (RFC 4035 5.3.1)" {
	rr='a.example. 300 IN A 1.2.3.4'
	sig='a.example. 300 IN RRSIG A 8 %s 300 20300101000000 20200101000000 1 %s AAAA'
	# Labels 0 under signer example.: the wildcard "*." is outside the zone
	printf "%s\n$sig\n" "$rr" 0 example. > "$T/l0"
	run --separate-stderr dnstk-canon-sort --signed-data "$T/l0"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "dnstk-canon-sort: $T/l0:2: RRSIG Labels field is below the labels of its signer name: the wildcard it names lies outside the signer's zone (RFC 4035 section 5.3.1)" ]
	# more labels than the owner has
	printf "%s\n$sig\n" "$rr" 3 example. > "$T/l3"
	run --separate-stderr dnstk-canon-sort --signed-data "$T/l3"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "dnstk-canon-sort: $T/l3:2: RRSIG Labels field exceeds the labels of its owner name (RFC 4035 section 5.3.1)" ]
	# Labels 0 under the root is the wildcard "*." (RFC 4035 5.3.2):
	# RRSIG rdata up to the signer, then *. A IN 300 1.2.3.4, by hand
	printf "%s\n$sig\n" "$rr" 0 . > "$T/root"
	run --separate-stderr dnstk-canon-sort --signed-data "$T/root"
	assert_success
	# type A, algorithm 8, Labels 0, original TTL 300
	[ "${lines[1]:0:16}" = "00010800$(printf '%08x' 300)" ]
	# (two times), key tag 1, signer ".", then owner "*.", A, IN, 300
	[ "${lines[1]:32}" = "000100012a0000010001$(printf '%08x' 300)000401020304" ]
}

@test "a directory as input: one message saying so, exit 3, nothing written" {
	mkdir "$T/dir"
	run --separate-stderr dnstk-canon-sort "$C/rfc4034.db" "$T/dir"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[ "$stderr" = "dnstk-canon-sort: cannot read '$T/dir': Is a directory" ]
}

@test "\$INCLUDE: records of an included file keep its SOURCE:LINE" {
	mkdir -p "$T/sub"
	printf '$ORIGIN example.\nwww 300 IN A 192.0.2.1\n$INCLUDE sub/a.db\n' \
	    > "$T/top.db"
	printf 'www 300 IN A 192.0.2.1\nwww 600 IN A 192.0.2.2\n' > "$T/sub/a.db"
	run --separate-stderr dnstk-canon-sort --check "$T/top.db"
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "dnstk-canon-sort: $T/sub/a.db:1: duplicate record in RRset www.example. IN A (see $T/top.db:2)" ]
	[ "${stderr_lines[1]}" = "dnstk-canon-sort: $T/sub/a.db:2: TTL 600 differs from TTL 300 in RRset www.example. IN A (see $T/top.db:2)" ]
	# and the records themselves are all there, sorted
	run dnstk-canon-sort --keep-duplicates "$T/top.db"
	[ "${#lines[@]}" -eq 3 ]
}

# --- bad input: clean error, exit 2, nothing written ----------------------

bad() {	# bad WANT-STDERR: run with the input on stdin, check everything
	run --separate-stderr dnstk-canon-sort "${@:2}"
	[ "$status" -eq 2 ] || fail "exit $status, want 2"
	[ -z "$output" ] || fail "stdout not empty: $output"
	[ "$stderr" = "$1" ] || fail "stderr: '$stderr' want '$1'"
}

@test "bad record syntax late in the input: error, nothing written" {
	{ cat "$C/rfc4034.db"; echo 'zz.example. 300 IN A 300.1.2.3'; } \
	    > "$T/bad"
	bad "dnstk-canon-sort: $T/bad:13: cannot parse record 'zz.example.': Syntax error, could not parse the RR's rdata" "$T/bad"
}

@test "unknown type mnemonic" {
	bad "dnstk-canon-sort: stdin:2: unknown record type 'BOGUS'" \
	    < <(printf 'a. 1 IN A 192.0.2.1\nb. 1 IN BOGUS 1\n')
}

@test "bad escape in a name" {
	bad "dnstk-canon-sort: stdin:1: cannot parse record 'a\\999.': Syntax error, could not parse the RR" \
	    < <(printf 'a\\999. 1 IN A 192.0.2.1\n')
}

@test "bad hex after a good record" {
	bad "dnstk-canon-sort: stdin:2: odd number of hex digits" \
	    < <(printf '0000010001000000000004c0000201\nabc\n')
}

@test "a hex message cut short" {
	# the first line is a whole message, so the second must be one too
	msg=$(dnstk-wire -w "$C/msg.txt")
	bad "dnstk-canon-sort: stdin:2: $(printf '%s\n' "${msg:0:40}" |
	    dnstk-wire 2>&1 >/dev/null | sed 's/^dnstk-wire: stdin:1: //')" \
	    < <(printf '%s\n%s\n' "$msg" "${msg:0:40}")
}

@test "a NUL byte in the input" {
	bad "dnstk-canon-sort: stdin:2: NUL byte in input" \
	    < <(printf 'a. 1 IN A 192.0.2.1\nb\0. 1 IN A 192.0.2.1\n')
}

@test "unterminated parenthesis and \$INCLUDE on stdin" {
	bad "dnstk-canon-sort: stdin:1: '(' is never closed" \
	    < <(printf 'a. 1 IN SOA ( a. b. 1 2 3 4 5\n')
	bad "dnstk-canon-sort: stdin:1: \$INCLUDE is refused on stdin" \
	    < <(printf '$INCLUDE /etc/passwd\n')
}

@test "--section on a zone file is an error: it holds no messages" {
	run --separate-stderr dnstk-canon-sort --section=answer "$C/rfc4034.db"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ $stderr == "dnstk-canon-sort: $C/rfc4034.db:"* ]]
}

@test "bad option values and conflicts are usage errors" {
	run --separate-stderr dnstk-canon-sort --section=question
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ $stderr == *"--section: 'question' is not answer, authority or additional"* ]]
	run --separate-stderr dnstk-canon-sort --check --fix-ttl /dev/null
	[ "$status" -eq 2 ] && [[ $stderr == *"--check cannot be combined with --fix-ttl"* ]]
	run --separate-stderr dnstk-canon-sort --signed-data -w /dev/null
	[ "$status" -eq 2 ] && [[ $stderr == *"--signed-data prints hex on its own"* ]]
	run --separate-stderr dnstk-canon-sort --rrsets -j /dev/null
	[ "$status" -eq 2 ] && [[ $stderr == *"--rrsets comments do not fit in JSON Lines"* ]]
	run --separate-stderr dnstk-canon-sort --in=yaml /dev/null
	[ "$status" -eq 2 ] && [[ $stderr == *"--in: 'yaml' is not text, hex or json"* ]]
}

@test "a file that cannot be opened: message, exit 3, nothing written" {
	run --separate-stderr dnstk-canon-sort "$C/rfc4034.db" "$T/missing"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[ "$stderr" = "dnstk-canon-sort: cannot open '$T/missing': No such file or directory" ]
}

@test "empty input, blank lines and comments only: no output, exit 0" {
	run --separate-stderr dnstk-canon-sort < /dev/null
	assert_success
	[ -z "$output" ] && [ -z "$stderr" ]
	run --separate-stderr dnstk-canon-sort <<< $'\n; nothing\n\n'
	assert_success
	[ -z "$output" ] && [ -z "$stderr" ]
	run --separate-stderr dnstk-canon-sort --signed-data --check < /dev/null
	[ "$status" -eq 2 ]
}

@test "TTL groups: lowest TTL anywhere in the RRset, RRSIGs per covered type" {
	cd "$C"
	run --separate-stderr dnstk-canon-sort --check ttl.db
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	echo "$stderr" > "$T/actual"
	test_cmp "$C/ttl.check.expect" "$T/actual"
	dnstk-canon-sort --fix-ttl --rrsets ttl.db > "$T/fixed"
	test_cmp "$C/ttl.fixttl.expect" "$T/fixed"
	# RRSIGs of different covered types with their RRsets' TTLs are fine
	grep -v 'RRSIG	A' ttl.db | grep -v '	A	' |
	    dnstk-canon-sort --check
}
