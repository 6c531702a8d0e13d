# dnstk-zone-check reading large zone files: lines found across the
# reader's read-ahead blocks (256 KiB) and $INCLUDE files, NUL bytes and
# over-long lines far into a file, and the same result from a pipe (read
# a byte at a time) as from the file.  Every expected line number comes
# from grep/awk over the file the test wrote, not from the tool.

setup() {
	load helpers/common
	T=$BATS_TEST_TMPDIR
}

# big N FILE: a zone of N TXT records, 100 octets of text each (some
# 130 bytes a line), so that N = 6000 spans three read-ahead blocks
big() {
	awk -v n="$1" 'BEGIN {
	print "$ORIGIN big.test.";
	print "$TTL 300";
	print "@ IN SOA ns1 h 1 7200 3600 1209600 300";
	print "@ IN NS ns1";
	print "ns1 IN A 192.0.2.1";
	pad = sprintf("%100s", ""); gsub(/ /, "x", pad);
	for (i = 0; i < n; i++) printf "t%d IN TXT \"%s\"\n", i, pad;
	}' > "$2"
}

@test "records across read-ahead blocks and an \$INCLUDE are all read, at their lines" {
	big 6000 "$T/a.zone"
	# an \$INCLUDE past the first block, a duplicate on each side of it
	{
		head -n 3000 "$T/a.zone"
		echo "\$INCLUDE sub.zone"
		sed -n '3001,$p' "$T/a.zone"
		echo 't5990 IN TXT "'"$(printf '%100s' '' | tr ' ' x)"'"'
	} > "$T/z.zone"
	{
		for i in $(seq 1 2500); do echo "s$i IN A 10.0.$((i / 256)).$((i % 256))"; done
		echo "s7 IN A 10.0.0.7"
	} > "$T/sub.zone"
	records=$(( $(grep -c ' IN ' "$T/z.zone") + $(grep -c ' IN ' "$T/sub.zone") ))
	[ "$records" -eq 8505 ]	# 3 + 6000 + 1 here, 2500 + 1 there
	dup_main=$(wc -l < "$T/z.zone")
	first_main=$(grep -n '^t5990 ' "$T/z.zone" | head -n 1 | cut -d: -f1)
	dup_sub=$(wc -l < "$T/sub.zone")
	run --separate-stderr dnstk-zone-check "$T/z.zone"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == "$T/z.zone: $records records, "* ]] ||
	    fail "summary: ${lines[-1]}"
	grep -q "^$T/z.zone:$dup_main: warning: duplicate-record: .*(also on line $first_main)" <<<"$output" ||
	    fail "no duplicate at $dup_main (first $first_main): $output"
	grep -q "^$T/sub.zone:$dup_sub: warning: duplicate-record: .*(also on line 7)" <<<"$output" ||
	    fail "no duplicate at sub.zone:$dup_sub: $output"
}

@test "a pipe (byte at a time) gives the findings of the file (read ahead)" {
	big 6000 "$T/a.zone"
	printf 't17 IN TXT "other"\r\nt17 IN TXT "other"\r\n' >> "$T/a.zone"
	run --separate-stderr dnstk-zone-check -j "$T/a.zone"
	[ "$status" -eq 0 ]
	from_file=$(sed -e "s|$T/a.zone|SRC|" -e 's/"seconds":[0-9.]*//' <<<"$output")
	run --separate-stderr sh -c "cat '$T/a.zone' | dnstk-zone-check -j"
	[ "$status" -eq 0 ]
	from_pipe=$(sed -e "s|stdin|SRC|" -e 's/"seconds":[0-9.]*//' <<<"$output")
	[ "$from_file" = "$from_pipe" ] || fail "file: $from_file, pipe: $from_pipe"
	want=$(wc -l < "$T/a.zone")
	grep -q "\"line\":$want," <<<"$from_file" || fail "no finding at $want (CRLF lines): $from_file"
}

@test "a NUL byte in the third read-ahead block is refused at its line" {
	big 6000 "$T/a.zone"
	awk 'NR == 4567 { sub(/xxx/, "x\001x") } { print }' "$T/a.zone" |
	    tr '\001' '\000' > "$T/n.zone"
	line=$(tr '\000' '\001' < "$T/n.zone" | grep -n $'\001' | cut -d: -f1)
	[ "$line" -eq 4567 ]
	[ "$(head -n 4566 "$T/n.zone" | wc -c)" -gt $((2 * 262144)) ]
	run --separate-stderr dnstk-zone-check "$T/n.zone"
	[ "$status" -eq 2 ]
	[ "$stderr" = "dnstk-zone-check: $T/n.zone:$line: NUL byte in input" ] ||
	    fail "$stderr"
}

@test "a line of 1 MiB - 1 octets is read, one of 1 MiB refused at its line" {
	big 10 "$T/a.zone"
	pad=$(head -c $((1024 * 1024 - 3)) /dev/zero | tr '\0' x)
	{ cat "$T/a.zone"; echo "; $pad"; echo 'e IN A 192.0.2.9'; } > "$T/ok.zone"
	[ "$(awk 'length($0) == 1048575' "$T/ok.zone" | wc -l)" -eq 1 ]
	run --separate-stderr dnstk-zone-check "$T/ok.zone"
	[ "$status" -eq 0 ]
	n=$(grep -c ' IN ' "$T/ok.zone")
	[ "$n" -eq 14 ]
	[[ "${lines[-1]}" == "$T/ok.zone: $n records, "* ]] || fail "${lines[-1]}"
	{ cat "$T/a.zone"; echo "; ${pad}y"; echo 'e IN A 192.0.2.9'; } > "$T/long.zone"
	line=$(awk 'length($0) == 1048576 { print NR }' "$T/long.zone")
	[ "$line" -eq 16 ]
	run --separate-stderr dnstk-zone-check "$T/long.zone"
	[ "$status" -eq 2 ]
	[ "$stderr" = "dnstk-zone-check: $T/long.zone:$line: line longer than 1048576 bytes" ] ||
	    fail "$stderr"
}
