# dnstk-zone-check: clean zones give no finding; each defect fixture gives
# its finding code at the line the fixture script edited, with the right
# exit status; output forms; determinism across --jobs; bad input.
# Fixtures: tests/fixtures/zonecheck/make.sh (windows 2020-2060: --now).

setup() {
	load helpers/common
	Z=$FIX/zonecheck
	T=$BATS_TEST_TMPDIR
	NOW=20261129000000
}

# zc NAME [OPTIONS]: run on NAME.zone with NAME.args, from the fixture dir
zc() {
	local name=$1
	shift
	local args=""
	[ -f "$Z/$name.args" ] && args=$(cat "$Z/$name.args")
	# shellcheck disable=SC2086
	(cd "$Z" && dnstk-zone-check --now=$NOW $args "$@" "$name.zone")
}

@test "every clean zone gives no finding and exit 0" {
	local n=0
	for f in "$Z"/clean-*.zone; do
		name=$(basename "$f" .zone)
		run --separate-stderr zc "$name"
		[ "$status" -eq 0 ] || fail "$name: exit $status: $output"
		[ "${#lines[@]}" -eq 1 ] || fail "$name: findings: $output"
		[[ "${lines[0]}" == *": 0 errors, 0 warnings "* ]] ||
		    fail "$name: ${lines[0]}"
		n=$((n + 1))
	done
	[ "$n" -ge 10 ]
}

@test "the clean zones are clean for kzonecheck too (independent check)" {
	command -v kzonecheck >/dev/null || skip "kzonecheck not installed"
	for f in "$Z"/clean-*.zone; do
		kzonecheck -o example.test. -d on -t "$NOW" "$f" >/dev/null 2>&1 ||
		    kzonecheck -o example.test. -d on "$f" >/dev/null 2>&1 ||
		    fail "kzonecheck rejects $f"
	done
}

@test "each defect gives its code at the edited line, exit 1 (0 for warnings)" {
	local n=0
	for e in "$Z"/*.expect; do
		name=$(basename "$e" .expect)
		run --separate-stderr zc "$name"
		want=0
		while read -r code line; do
			[ -n "$line" ] || fail "$name: the script found no line"
			grep -q "^$name.zone:$line: error: $code: " <<<"$output" &&
			    want=1
			grep -q "^$name.zone:$line: [a-z]*: $code: " <<<"$output" ||
			    fail "$name: no $code at line $line in: $output"
			n=$((n + 1))
		done < "$e"
		[ "$status" -eq "$want" ] ||
		    fail "$name: exit $status, want $want: $output"
	done
	[ "$n" -ge 30 ]
}

@test "a zone with several defects lists them all, in canonical order" {
	run --separate-stderr zc data
	assert_failure 1
	# one line per expected defect, and nothing else
	[ "${#lines[@]}" -eq $(($(wc -l < "$Z/data.expect") + 1)) ]
	while read -r code line; do
		assert_line --regexp "^data.zone:$line: (error|warning): $code: "
	done < "$Z/data.expect"
	# canonical order compares the rightmost label first: invalid < test
	assert_line --index 0 --partial "other.invalid./A"
	assert_line --index 1 --partial "alias.example.test./CNAME"
	assert_line --index 4 --partial "orphan.sub2.example.test./A"
	assert_line --index 5 --partial "ttl.example.test./A"
}

@test "the text line has SOURCE:LINE: severity: code: owner/TYPE: message" {
	run --separate-stderr zc rrsig-bogus
	assert_failure 1
	line=$(sed -n 1p "$Z/rrsig-bogus.expect" | cut -d' ' -f2)
	assert_line --index 0 --regexp \
	    "^rrsig-bogus.zone:$line: error: rrsig-bogus: www\.example\.test\./RRSIG: signature over A does not verify"
	assert_line --index 1 --regexp \
	    '^rrsig-bogus.zone: [0-9]+ records, [0-9]+ RRsets, [0-9]+ signatures checked: 1 error, 0 warnings \('
}

@test "a bit flipped anywhere in a signature is caught, for every algorithm" {
	for a in 8 10 13 14 15 16; do
		f=$Z/clean-alg$a.zone
		[ -f "$f" ] || f=$Z/clean-nsec.zone
		awk '$4 == "RRSIG" && $5 == "SOA" { s = $NF;
		    c = substr(s, 20, 1); c = (c == "A") ? "B" : "A";
		    $NF = substr(s, 1, 19) c substr(s, 21) } 1' "$f" > "$T/z"
		run --separate-stderr dnstk-zone-check --now=$NOW "$T/z"
		assert_failure 1
		assert_output --partial "rrsig-bogus: example.test./RRSIG: signature over SOA"
	done
}

@test "-j writes one JSON object per finding and a summary object" {
	run --separate-stderr zc data -j
	assert_failure 1
	n=$(wc -l < "$Z/data.expect")
	[ "${#lines[@]}" -eq $((n + 1)) ]
	jq -e -s 'length == '"$((n + 1))"' and
	    (.[:-1] | all(has("severity") and has("code") and has("owner")
	     and has("type") and has("source") and (.line | type == "number")
	     and has("message"))) and (.[-1].summary == true) and
	    (.[-1].errors == 2) and (.[-1].warnings == 4)' <<<"$output"
	jq -e -s '.[] | select(.code == "missing-glue") | .line == 13' \
	    <<<"$output"
}

@test "-q prints the summary only" {
	run --separate-stderr zc data -q
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "2 errors, 4 warnings"
}

@test "--junit writes well-formed JUnit XML, one test case per family" {
	run --separate-stderr zc data --junit="$T/report.xml"
	assert_failure 1
	xmllint --noout "$T/report.xml"
	[ "$(xmllint --xpath 'count(//testcase)' "$T/report.xml")" -ge 10 ]
	xmllint --xpath 'string(//testcase[@name="delegations-and-data"]/failure/@message)' \
	    "$T/report.xml" | grep -q '^2 errors$'
	xmllint --xpath '//testcase[@name="ttls"]/system-out' "$T/report.xml" |
	    grep -q 'ttl-mismatch'
	run --separate-stderr zc clean-nsec --junit="$T/clean.xml"
	assert_success
	[ "$(xmllint --xpath 'count(//failure)' "$T/clean.xml")" -eq 0 ]
}

@test "--jobs 1 and --jobs 2 give the same findings in the same order" {
	for name in data rrsig-labels nsec3-chain-gap clean-two-alg; do
		zc "$name" --jobs=1 -j | sed '$d' > "$T/one" || true
		zc "$name" --jobs=2 -j | sed '$d' > "$T/two" || true
		zc "$name" -j | sed '$d' > "$T/all" || true
		test_cmp "$T/one" "$T/two"
		test_cmp "$T/one" "$T/all"
	done
	# many defects at once: every RRSIG of the zone bogus
	awk '$4 == "RRSIG" { s = $NF; c = substr(s, 5, 1);
	    c = (c == "A") ? "B" : "A"; $NF = substr(s, 1, 4) c substr(s, 6) } 1' \
	    "$Z/clean-two-alg.zone" > "$T/allbad"
	dnstk-zone-check --now=$NOW --jobs=1 "$T/allbad" | sed '$d' > "$T/one" || true
	dnstk-zone-check --now=$NOW --jobs=2 "$T/allbad" | sed '$d' > "$T/two" || true
	test_cmp "$T/one" "$T/two"
	[ "$(grep -c rrsig-bogus "$T/one")" -ge 30 ]
}

@test "verifying while loading: a name or the apex split across the file" {
	local z=$Z/clean-nsec.zone n
	# an A record added far from its name: the RRSIG no longer verifies
	{ cat "$z"; echo "mail.example.test. 3600 IN A 192.0.2.26"; } > "$T/added"
	n=$(grep -n "^mail.example.test.*RRSIG.A 13 " "$z" | cut -d: -f1)
	run --separate-stderr dnstk-zone-check --now=$NOW --jobs=2 "$T/added"
	assert_failure 1
	grep -q "^$T/added:$n: error: rrsig-bogus: mail.example.test./RRSIG: " \
	    <<<"$output" || fail "no rrsig-bogus at line $n: $output"
	# the signed record moved to the end: the RRset is whole, all verify
	{ grep -v "192.0.2.25" "$z"; grep "IN.A.192.0.2.25" "$z"; } > "$T/moved"
	run --separate-stderr dnstk-zone-check --now=$NOW --jobs=2 "$T/moved"
	assert_success
	[[ "${lines[0]}" == *": 0 errors, 0 warnings "* ]] || fail "$output"
	# the zone signing key moved to the end: the keys of the first run
	# are not the apex's
	{ grep -v "DNSKEY.256 " "$z"; grep "DNSKEY.256 " "$z"; } > "$T/keys"
	run --separate-stderr dnstk-zone-check --now=$NOW --jobs=2 "$T/keys"
	assert_success
	[[ "${lines[0]}" == *": 0 errors, 0 warnings "* ]] || fail "$output"
	# records in any order: the same findings whatever --jobs
	for f in clean-nsec nsec3-chain-gap rrsig-labels data; do
		awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' "$Z/$f.zone" |
		    sort -k1,1 | cut -f2- > "$T/$f.shuf"
		dnstk-zone-check --now=$NOW --jobs=1 -o example.test. -j \
		    "$T/$f.shuf" | sed '$d' > "$T/one" || true
		dnstk-zone-check --now=$NOW --jobs=2 -o example.test. -j \
		    "$T/$f.shuf" | sed '$d' > "$T/two" || true
		test_cmp "$T/one" "$T/two"
		# whole names shuffled (the runs sorted as blocks): the same
		# findings as the zone in its order, lines aside
		awk 'BEGIN { srand(11) } $1 != p { g = rand(); p = $1 }
		    { print g "\t" NR "\t" $0 }' "$Z/$f.zone" |
		    sort -k1,1 -k2,2n | cut -f3- > "$T/$f.blocks"
		for x in "$Z/$f.zone" "$T/$f.blocks"; do
			dnstk-zone-check --now=$NOW -o example.test. -j "$x" |
			    sed '$d' | sed -E 's/"source":"[^"]*","line":[0-9]+,//;
			    s/line [0-9]+/line N/' > "$T/${x##*/}.out" || true
		done
		test_cmp "$T/$f.zone.out" "$T/$f.blocks.out"
	done
}

@test "--zonemd prints the digests ldns-signzone put in the zone" {
	run --separate-stderr zc clean-zonemd --zonemd
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	for h in 1 2; do
		want=$(awk -v h=$h '$4 == "ZONEMD" && $7 == h { print tolower($8) }' \
		    "$Z/clean-zonemd.zone")
		[ -n "$want" ]
		assert_line --regexp "^example\.test\. 3600 IN ZONEMD [0-9]+ 1 $h $want\$"
	done
}

@test "--expire-within and --expire-warn take durations; bad ones exit 2" {
	run --separate-stderr zc clean-nsec --expire-within=12h
	assert_success
	run --separate-stderr zc clean-nsec --expire-within=20000d
	assert_failure 1
	assert_output --partial "rrsig-expires-soon"
	run --separate-stderr zc clean-nsec --expire-warn=20000d
	assert_success
	assert_output --partial "warning: rrsig-expires-soon"
	run --separate-stderr zc clean-nsec --expire-within=soon
	assert_failure 2
	[[ "$stderr" == *"--expire-within"* ]]
}

@test "windows are read past 2038 with RFC 1982 arithmetic" {
	run --separate-stderr zc clean-nsec --now=20591231000000
	assert_success
	run --separate-stderr zc clean-nsec --now=20600102000000
	assert_failure 1
	assert_output --partial "rrsig-expired"
	assert_output --partial "expired at 20600101000000"
}

@test "stdin, -o and \$ORIGIN: relative names resolve, unsigned zones pass" {
	printf '@ 3600 IN SOA ns hm 1 2 3 4 5\n@ IN NS ns\nns IN A 192.0.2.1\n' \
	    > "$T/z"
	run --separate-stderr dnstk-zone-check -o example.org < "$T/z"
	assert_success
	assert_output --regexp '^stdin: 3 records'
	run --separate-stderr dnstk-zone-check -o example.org - < "$T/z"
	assert_success
}

@test "a zone that cannot be parsed exits 2 with SOURCE:LINE" {
	printf '$ORIGIN example.test.\n@ IN SOA ns hm 1 2 3 4 5\nwww IN A 300.1.1.1\n' \
	    > "$T/bad.zone"
	run --separate-stderr dnstk-zone-check "$T/bad.zone"
	assert_failure 2
	[[ "$stderr" == "dnstk-zone-check: $T/bad.zone:3: "* ]]
	[ -z "$output" ]
	run --separate-stderr dnstk-zone-check "$T/missing.zone"
	assert_failure 3
	run --separate-stderr dnstk-zone-check a b
	assert_failure 2
}

@test "empty input is an empty zone: exit 0" {
	run --separate-stderr dnstk-zone-check < /dev/null
	assert_success
}

@test "no SOA at the origin is an error" {
	printf 'www.example.test. 60 IN A 192.0.2.1\n' > "$T/z"
	run --separate-stderr dnstk-zone-check -o example.test "$T/z"
	assert_failure 1
	assert_output --partial "soa-missing"
}

@test "cross-check: every defect an anchor tool sees, dnstk-zone-check sees" {
	command -v kzonecheck >/dev/null || skip "kzonecheck not installed"
	"$Z/crosscheck.sh" "$DNSTK_BUILD" "$T/cc" > "$T/table"
	# the dnstk column: clean zones clean, every defect seen
	awk -F '\t' 'NR > 1 && $1 ~ /^clean-/ && $2 != "clean" { exit 1 }
	    NR > 1 && $1 !~ /^clean-/ && $2 != "seen" { exit 1 }' "$T/table" ||
	    fail "dnstk-zone-check column wrong: $(cat "$T/table")"
	# the anchors accept the clean zones with two keys (independent check)
	awk -F '\t' '$1 ~ /^clean-(nsec|nsec3|two-alg|zonemd)$/ &&
	    ($3 != "clean" || $5 != "clean") { exit 1 }' "$T/table" ||
	    fail "an anchor rejects a clean zone: $(cat "$T/table")"
	# and see the defects every validator must see
	for d in rrsig-bogus rrset-unsigned nsec-chain-gap nsec3-chain-gap; do
		grep -q "^$d	seen	seen	seen	seen" "$T/table" ||
		    fail "$d: $(grep "^$d" "$T/table")"
	done
}

# findings without SOURCE:LINE, sorted: to compare two runs whose lines differ
strip() { sed '$d' | sed 's/^[^:]*:[0-9]*: //' | sort; }

@test "--sorted streams canonically ordered input to the same findings" {
	for name in clean-nsec clean-zonemd clean-two-alg rrsig-bogus \
	    rrsig-expired nsec-chain-gap nsec-chain-open nsec-bitmap \
	    missing-glue zonemd-mismatch dnskey-no-sep ds-no-key \
	    rrset-algorithm-missing rrsig-below-cut; do
		zc "$name" | strip > "$T/whole" || true
		args=""
		[ -f "$Z/$name.args" ] && args=$(cat "$Z/$name.args")
		dnstk-canon-sort "$Z/$name.zone" > "$T/sorted.zone"
		# shellcheck disable=SC2086
		(cd "$Z" && dnstk-zone-check --now=$NOW --sorted \
		    -o example.test. $args "$T/sorted.zone") | strip \
		    > "$T/stream" || true
		test_cmp "$T/whole" "$T/stream"
	done
	dnstk-canon-sort "$Z/clean-zonemd.zone" |
	    dnstk-zone-check --now=$NOW --sorted -o example.test. --zonemd \
	    > "$T/zm.stream"
	zc clean-zonemd --zonemd > "$T/zm.whole"
	test_cmp "$T/zm.whole" "$T/zm.stream"
}

@test "--sorted refuses input out of canonical order, needs -o" {
	run --separate-stderr dnstk-zone-check --sorted -o example.test. \
	    "$Z/data.zone"
	assert_failure 2
	[[ "$stderr" == *"data.zone:6: --sorted: alias.example.test. is out of canonical order"* ]]
	run --separate-stderr dnstk-zone-check --sorted "$Z/clean-nsec.zone"
	assert_failure 2
	[[ "$stderr" == *"-o"* ]]
}

@test "--sorted checks the NSEC3 chain: the same findings as the whole zone" {
	n=0
	for f in "$Z"/clean-nsec3.zone "$Z"/clean-nsec3-optout.zone \
	    "$Z"/clean-bind-nsec3.zone "$Z"/nsec3*.zone "$Z"/warn-nsec3-*.zone; do
		name=$(basename "$f" .zone)
		zc "$name" | strip > "$T/whole" || true
		# each defect fixture shows its expected code in the whole zone
		case $name in
		clean-*) [ ! -s "$T/whole" ] || fail "$name: $(cat "$T/whole")" ;;
		*) grep -q ": $(cut -d ' ' -f 1 "$Z/$name.expect"): " \
		    "$T/whole" || fail "$name: $(cat "$T/whole")" ;;
		esac
		args=""
		[ -f "$Z/$name.args" ] && args=$(cat "$Z/$name.args")
		dnstk-canon-sort "$f" > "$T/sorted.zone"
		# shellcheck disable=SC2086
		(cd "$Z" && dnstk-zone-check --now=$NOW --sorted \
		    -o example.test. $args "$T/sorted.zone") | strip \
		    > "$T/stream" || true
		test_cmp "$T/whole" "$T/stream"
		! grep -q nsec3-not-checked "$T/stream"
		n=$((n + 1))
	done
	[ "$n" -ge 12 ]
}

@test "\$INCLUDE: findings name the included file and its line; refused on stdin" {
	mkdir -p "$T/inc/sub"
	printf '$ORIGIN example.test.\n@ 3600 IN SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n$INCLUDE sub/hosts.db\n' \
	    > "$T/inc/top.db"
	printf 'a 60 IN A 192.0.2.2\nalias IN CNAME ns\nalias IN TXT "x"\n' \
	    > "$T/inc/sub/hosts.db"
	run --separate-stderr dnstk-zone-check -j "$T/inc/top.db"
	assert_failure 1
	jq -e -s '.[0].code == "cname-and-other-data" and
	    .[0].source == "'"$T/inc/sub/hosts.db"'" and .[0].line == 2 and
	    .[1].summary == true and .[1].records == 6' <<<"$output"
	run --separate-stderr dnstk-zone-check < "$T/inc/top.db"
	assert_failure 2
	[[ "$stderr" == *"stdin:5: "*"INCLUDE"* ]]
}
