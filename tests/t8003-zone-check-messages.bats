# dnstk-zone-check: each finding's message is worded as the man page's
# "Messages" list documents it for its code (the man page is the record:
# a message renamed in the code, or a code left out of the list, fails
# here).  The messages come from the defect fixtures and from a few small
# zones made here for the codes no fixture has.

setup() {
	load helpers/common
	Z=$FIX/zonecheck
	T=$BATS_TEST_TMPDIR
	NOW=20261129000000
	MAN=$DNSTK_TOP/docs/man/dnstk-zone-check.1
}

# The man page's list: "code<TAB>message pattern", one variant a line.
man_messages() {
	awk '/^\.Ss Messages/ { on = 1; next }
	    on && /^\.El/ { exit }
	    on && /^\.It Cm / { code = $3; next }
	    on && code != "" && !/^\./ { print code "\t" $0; code = "" }' "$MAN"
}

# The codes the CHECKS section names (before the Messages list).
man_codes() {
	awk '/^\.Sh CHECKS/ { on = 1; next }
	    /^\.Ss Messages/ || /^\.Sh OPTIONS/ { on = 0 }
	    on && /^\.Cm [a-z0-9]+-[a-z0-9-]+/ { print $2 }' "$MAN" | sort -u
}

# "code<TAB>message" of each finding in text output on stdin.
findings() {
	sed -n 's/^[^:]*:[0-9]*: [a-z]*: \([a-z0-9-]*\): [^ ]*: \(.*\)$/\1\t\2/p'
}

# Zones for the codes no defect fixture has (keys of algorithms that
# cannot be read or verified, an RRSIG too short, no SOA, a bad hash).
extra_zones() {
	local soa='example.test. 3600 IN SOA ns1.example.test. h.example.test. 1 7200 3600 1209600 300'
	local ns='example.test. 3600 IN NS ns1.example.test.
ns1.example.test. 3600 IN A 192.0.2.1'
	# key 1038: 257 3 13 with 3 octets of key; key 1028: algorithm 3
	printf '%s\n%s\n%s\n' "$soa" "$ns" \
	    'example.test. 3600 IN DNSKEY 257 3 13 AAAA
example.test. 3600 IN DNSKEY 257 3 3 AAAA
example.test. 3600 IN RRSIG SOA 3 2 3600 20600101000000 20200101000000 1028 example.test. AAAA
example.test. 3600 IN RRSIG \# 4 00010203' > "$T/keys.zone"
	printf '%s\n' "$ns" > "$T/nosoa.zone"
	# an NSEC3 whose owner is no hash
	awk '$4 == "NSEC3" && !done { $1 = "nohash.example.test."; print;
	    done = 1 } 1' "$Z/clean-nsec3.zone" > "$T/nohash.zone"
}

@test "every code of the CHECKS section has its message in the man page" {
	man_messages | cut -f1 | sort -u > "$T/listed"
	man_codes > "$T/codes"
	[ "$(wc -l < "$T/codes")" -ge 50 ]
	test_cmp "$T/codes" "$T/listed"
}

@test "every finding's message is worded as the man page says for its code" {
	local e name args
	man_messages > "$T/man"
	: > "$T/got"
	for e in "$Z"/*.expect; do
		name=$(basename "$e" .expect)
		args=""
		[ -f "$Z/$name.args" ] && args=$(cat "$Z/$name.args")
		# shellcheck disable=SC2086
		(cd "$Z" && dnstk-zone-check --now=$NOW $args "$name.zone") |
		    findings >> "$T/got" || true
	done
	extra_zones
	dnstk-zone-check --now=$NOW "$T/keys.zone" | findings >> "$T/got" || true
	dnstk-zone-check --now=$NOW -o example.test. "$T/nosoa.zone" |
	    findings >> "$T/got" || true
	dnstk-zone-check --now=$NOW "$T/nohash.zone" | findings >> "$T/got" ||
	    true
	sort -u "$T/got" -o "$T/got"
	[ "$(wc -l < "$T/got")" -ge 50 ]
	# each message matches a pattern of its code: <word> is any text
	awk -F '\t' '
	function re(s,   out, i, c) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "<" && match(substr(s, i), /^<[a-z]+>/)) {
				out = out ".+"
				i += RLENGTH - 1
			} else if (index("().*+?{}|$[]^\\", c)) {
				out = out "\\" c
			} else {
				out = out c
			}
		}
		return "^" out "$"
	}
	NR == FNR { pat[$1] = pat[$1] SUBSEP re($2); next }
	{
		if (!($1 in pat)) {
			print "code not in the man page: " $1; bad = 1; next
		}
		n = split(substr(pat[$1], 2), p, SUBSEP)
		for (i = 1; i <= n; i++) {
			if ($2 ~ p[i]) {
				seen[$1] = 1
				next
			}
		}
		print $1 ": \"" $2 "\" is not worded as the man page says"
		bad = 1
	}
	END {
		# unreachable from a zone file: the reader refuses the record
		skip["nsec-malformed"] = skip["nsec3param-malformed"] = 1
		skip["zonemd-malformed"] = 1
		for (c in pat) {
			if (!(c in seen) && !(c in skip)) {
				print "no finding shows the message of " c
				bad = 1
			}
		}
		exit bad
	}' "$T/man" "$T/got"
}
