#!/usr/bin/env bats
# dnstk-query out of memory: against a real NSD on 127.0.0.1, fail each
# allocation dnstk makes in turn (the failmalloc LD_PRELOAD shim, every
# allocation: these runs make fewer than a hundred) for one question with
# a cookie and options, a --batch list, and --raw messages.  Every run
# gives either the normal answers and exit status, or "out of memory" with
# exit 3 and only whole answers before it; never a crash or a hang.  The
# normal answers are checked against the zone file first.

setup_file() {
	load helpers/common
	load helpers/servers
	nsd_start "$BATS_FILE_TMPDIR/nsd" example.test \
	    "$FIX/zones/example.test.zone"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	if nm -an "$DNSTK_BUILD/bin/dnstk-query" 2>/dev/null | grep -q __asan_init; then
		skip "sanitizer build"
	fi
	Q=(dnstk-query -s 127.0.0.1 -p "$NSD_PORT" --timeout=2 --tries=2)
}

# The message ID, the query time and its date change from run to run.
steady() {
	sed -e 's/id: [0-9]*/id: N/' -e 's/"ID":[0-9]*/"ID":N/' \
	    -e '/Query time/d' -e 's/"queryTimeMs":[0-9]*/"queryTimeMs":N/' \
	    -e 's/"dateSeconds":[0-9.]*/"dateSeconds":N/' \
	    -e 's/"dateString":"[^"]*"/"dateString":N/' "$1"
}

# whole_units GOOD OUT: a failed query is reported in its place and the
# rest go on, so OUT's units (text: blank-line separated answers; JSON:
# lines) are, leaving out the failure marks that say "out of memory", some
# of GOOD's units in their order.
whole_units() {
	python3 - "$1" "$2" <<'PY'
import re, sys
def units(p):
    t = open(p).read()
    return [u for u in (t.split("\n") if t.startswith("{") else
            t.split("\n\n")) if u.strip()]
good, out = units(sys.argv[1]), units(sys.argv[2])
it = iter(good)
ok = all(any(u == g for g in it) for u in out
         if u in good)
marks = [u for u in out if u not in good]
ok = ok and all(re.search("out of memory|Cannot allocate memory", u)
                and len(u.splitlines()) == 1
                for u in marks)
sys.exit(0 if ok else 1)
PY
}

# qsweep INPUT WANT-RC ARGS...: run dnstk-query ARGS < INPUT with each
# allocation failing in turn.
qsweep() {
	local input=$1 want=$2; shift 2
	local good=$BATS_TEST_TMPDIR/good out=$BATS_TEST_TMPDIR/out
	local errf=$BATS_TEST_TMPDIR/err n total rc oom=0
	rc=0
	"${Q[@]}" "$@" < "$input" > "$BATS_TEST_TMPDIR/g0" 2>/dev/null || rc=$?
	[ "$rc" -eq "$want" ] || fail "$*: exit $rc, want $want"
	steady "$BATS_TEST_TMPDIR/g0" > "$good"
	total=$(DNSTK_FAILMALLOC=0 LD_PRELOAD=$SHIM "${Q[@]}" "$@" < "$input" \
	    2>&1 >/dev/null | sed -n 's/^failmalloc: //p')
	[ -n "$total" ] && [ "$total" -gt 0 ] && [ "$total" -lt 400 ] ||
	    fail "$*: allocations counted: '$total'"
	for n in $(seq 1 "$total"); do
		rc=0
		DNSTK_FAILMALLOC=$n LD_PRELOAD=$SHIM timeout 20 "${Q[@]}" "$@" \
		    < "$input" > "$BATS_TEST_TMPDIR/o0" 2> "$errf" || rc=$?
		steady "$BATS_TEST_TMPDIR/o0" > "$out"
		if [ "$rc" -eq "$want" ] && cmp -s "$out" "$good"; then
			continue
		fi
		[ "$rc" -eq 3 ] ||
		    fail "$* with allocation $n failing: exit $rc: $(cat "$errf")"
		grep -Eq "out of memory|Cannot allocate memory" "$errf" ||
		    fail "$* with allocation $n failing: $(cat "$errf")"
		whole_units "$good" "$out" ||
		    fail "$* with allocation $n failing: output: $(cat "$out")"
		oom=$((oom + 1))
	done
	[ "$oom" -gt 0 ] || fail "$*: no allocation failure was noticed"
	echo "# $*: $total allocations, $oom ran out of memory" >&3
}

@test "one question with a cookie, options and a subnet" {
	"${Q[@]}" --cookie=0102030405060708 --ednsopt=65001:abcd \
	    --subnet=192.0.2.0/24 --nsid www.example.test < /dev/null > "$BATS_TEST_TMPDIR/o"
	grep -q "^www.example.test.	3600	IN	A	192.0.2.1$" "$BATS_TEST_TMPDIR/o"
	qsweep /dev/null 0 --cookie=0102030405060708 --ednsopt=65001:abcd \
	    --subnet=192.0.2.0/24 --nsid www.example.test
	qsweep /dev/null 0 --cookie -j mail.example.test
}

@test "a batch: answers in order, a bad line, the ring of results" {
	printf '%s\n' www.example.test 'example.test MX' 'bad..name' \
	    '# comment' 'txt.example.test TXT' 'alias.example.test' \
	    > "$BATS_TEST_TMPDIR/list"
	run --separate-stderr "${Q[@]}" --short --batch="$BATS_TEST_TMPDIR/list"
	[ "$status" -eq 2 ]
	[ "$stderr" = "dnstk-query: $BATS_TEST_TMPDIR/list:3: bad domain name" ]
	# the rdata the zone file holds, in input order, an empty line for
	# the bad one, the CNAME and its target
	[ "$output" = "192.0.2.1
10 mail.example.test.

\"hello world\"
www.example.test.
192.0.2.1" ]
	qsweep /dev/null 2 --batch="$BATS_TEST_TMPDIR/list"
	qsweep "$BATS_TEST_TMPDIR/list" 2 --batch=- --concurrency=2 -j
}

@test "raw messages from stdin" {
	dnstk-wire -w <<'EOF' > "$BATS_TEST_TMPDIR/raw"
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4660
;; flags: rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0
;; QUESTION SECTION:
;txt.example.test.	IN	TXT

;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4661
;; flags: rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0
;; QUESTION SECTION:
;www.example.test.	IN	AAAA
EOF
	run --separate-stderr "${Q[@]}" --raw --short < "$BATS_TEST_TMPDIR/raw"
	[ "$status" -eq 0 ]
	[ "$output" = '"hello world"
2001:db8::1' ]
	qsweep "$BATS_TEST_TMPDIR/raw" 0 --raw
}
