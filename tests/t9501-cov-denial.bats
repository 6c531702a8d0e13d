#!/usr/bin/env bats
# dnstk-verify-chain --offline on malformed denial proofs (NSEC and NSEC3)
# and chain corner cases (DNAME, insecure delegations, revoked keys):
# a zone "cov." is signed here with fresh keys (its KSK's DS is the only
# anchor), then records are dropped, flipped, copied or edited and, where
# the defect must carry valid signatures, re-signed with zcsign (which
# keeps NSEC/NSEC3 records as they are).  Each case checks the verdict,
# the exit code and the reason in plain words.  The untouched zones are
# checked with ldns-verify-zone first, so the defects are ours alone.

bats_require_minimum_version 1.5.0

INC=20250101000000
EXP=20600101000000

setup_file() {
	local d=$BATS_FILE_TMPDIR k z l
	cd "$d"
	k=$(ldns-keygen -a ECDSAP256SHA256 -k cov.)
	z=$(ldns-keygen -a ECDSAP256SHA256 cov.)
	echo "$d/$z $d/$k" > keys
	cat > cov.in <<-'EOF'
	$ORIGIN cov.
	$TTL 3600
	@ IN SOA ns.cov. hostmaster.cov. 1 7200 3600 1209600 3600
	@ IN NS ns.cov.
	ns A 192.0.2.1
	www A 192.0.2.2
	alias CNAME www.cov.
	*.w TXT "wild"
	x.y A 192.0.2.3
	sub NS ns.sub.cov.
	ns.sub A 192.0.2.4
	EOF
	ldns-signzone -i $INC -e $EXP -f nsec.zone cov.in "$z" "$k"
	ldns-signzone -n -t 0 -i $INC -e $EXP -f n3.zone cov.in "$z" "$k"
	ldns-signzone -n -p -t 0 -i $INC -e $EXP -f optout.zone cov.in \
	    "$z" "$k"
	ldns-signzone -n -t 5 -s beef -i $INC -e $EXP -f iter5.zone cov.in \
	    "$z" "$k"
	ldns-key2ds -n -2 "$k.key" > anchor
	# a DNAME beside the rest: one short, one whose substitution would
	# pass 255 octets
	l=$(printf 'a%.0s' $(seq 60))
	{ cat cov.in; echo "short DNAME www.cov."; echo "d DNAME $l.$l.$l.$l."; } \
	    > dname.in
	ldns-signzone -i $INC -e $EXP -f dname.zone dname.in "$z" "$k"
	# a signed zone below the unsigned delegation sub.cov.
	k=$(ldns-keygen -a ECDSAP256SHA256 -k deep.sub.cov.)
	z=$(ldns-keygen -a ECDSAP256SHA256 deep.sub.cov.)
	printf '$ORIGIN deep.sub.cov.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\nwww A 192.0.2.9\n' \
	    > deep.in
	ldns-signzone -i $INC -e $EXP -f deep.zone deep.in "$z" "$k"
	cat nsec.zone deep.zone > below.zone
	# a zone whose KSK carries the REVOKE bit (RFC 5011), as its anchor
	k=$(ldns-keygen -a ECDSAP256SHA256 -k rev.)
	z=$(ldns-keygen -a ECDSAP256SHA256 rev.)
	sed -i 's/DNSKEY\t257 /DNSKEY\t385 /' "$k.key"
	grep -q 'DNSKEY.385 ' "$k.key"
	printf '$ORIGIN rev.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\nwww A 192.0.2.1\n' \
	    > rev.in
	ldns-signzone -i $INC -e $EXP -f rev.zone rev.in "$z" "$k"
	grep -v '^;' "$k.key" > rev.anchor
}

setup() {
	load helpers/common
	D=$BATS_FILE_TMPDIR
	T=$BATS_TEST_TMPDIR
}

# vc ZONEFILE NAME TYPE [options]: validate offline at 2026-06-01.
vc() {
	local f=$1; shift
	dnstk-verify-chain --offline --records="$f" --anchor="$D/anchor" \
	    --now=20260601000000 -j "$@"
}

# reason: the "reason" member of the JSON in $output.
reason() {
	jq -r .reason <<<"$output"
}

# drop FILE OWNER TYPE: remove OWNER/TYPE and the RRSIG over it.
drop() {
	awk -v o="$2" -v t="$3" \
	    '!(tolower($1) == o && ($4 == t || ($4 == "RRSIG" && $5 == t)))' \
	    "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

# drop_type FILE TYPE: remove every TYPE record and every RRSIG over one.
drop_type() {
	awk -v t="$2" '!($4 == t || ($4 == "RRSIG" && $5 == t))' "$1" \
	    > "$1.tmp" && mv "$1.tmp" "$1"
}

# copy_as FILE OWNER TYPE NEW: print OWNER/TYPE and the RRSIG over it
# with the owner NEW instead (the signature stays OWNER's).
copy_as() {
	awk -v o="$2" -v t="$3" -v n="$4" \
	    '$1 == o && ($4 == t || ($4 == "RRSIG" && $5 == t)) { $1 = n; print }' \
	    "$1"
}

# flip_sig FILE OWNER TYPE: FILE with one base64 character of the RRSIG
# over OWNER/TYPE changed, on stdout.
flip_sig() {
	awk -v o="$2" -v t="$3" \
	    'tolower($1) == o && $4 == "RRSIG" && $5 == t {
		s = $NF; c = substr(s, 10, 1); r = (c == "A") ? "B" : "A"
		$NF = substr(s, 1, 9) r substr(s, 11)
	} { print }' "$1"
}

# resign FILE: re-sign every RRset with the zone's keys, keeping the
# NSEC/NSEC3 records as they are.
resign() {
	# shellcheck disable=SC2046
	"$DNSTK_BUILD/tests/zcsign" cov. $INC $EXP "$1" $(cat "$D/keys") \
	    > "$1.tmp" && mv "$1.tmp" "$1"
}

# n3owner NAME: the owner of the NSEC3 record whose hash matches NAME.
n3hash() {
	ldns-nsec3-hash -t 0 "$1" | cut -d. -f1 | tr A-Z a-z
}

# n3cover FILE NAME: the hash label of the NSEC3 of FILE covering NAME.
n3cover() {
	local h
	h=$(n3hash "$2")
	awk '$4 == "NSEC3" { split($1, p, "."); print tolower(p[1]) }' "$1" |
	    sort | awk -v h="$h" '$1 < h { c = $1 } { l = $1 }
	    END { print (c == "" ? l : c) }'
}

@test "cov denial: the signed fixtures are valid zones (dnssec-verify)" {
	for f in nsec n3 optout iter5; do
		run dnssec-verify -o cov. "$D/$f.zone"
		[ "$status" -eq 0 ] || fail "$f.zone: $output"
	done
	run -0 vc "$D/nsec.zone" nx.cov A
	[ "$(jq -r '.verdict + " " + .answer' <<<"$output")" = \
	    "secure nxdomain" ]
	run -0 vc "$D/n3.zone" nx.cov A
	[ "$(jq -r '.verdict + " " + .answer' <<<"$output")" = \
	    "secure nxdomain" ]
}

@test "cov denial NSEC: a matching NSEC that lists the asked type refutes NODATA" {
	cp "$D/nsec.zone" "$T/z"
	drop "$T/z" www.cov. A
	run -1 vc "$T/z" www.cov A
	[ "$(reason)" = "the NSEC at www.cov. says the type exists: no proof that www.cov./A does not exist" ]
	jq -e '.verdict == "bogus" and (.failingStep | type) == "number"' <<<"$output"
}

@test "cov denial NSEC: a matching NSEC with CNAME refutes NODATA for another type" {
	cp "$D/nsec.zone" "$T/z"
	drop "$T/z" alias.cov. CNAME
	run -1 vc "$T/z" alias.cov TXT
	[ "$(reason)" = "the NSEC at alias.cov. says the name is an alias (CNAME): no proof that alias.cov./TXT does not exist" ]
}

@test "cov denial NSEC: a parent NSEC with the SOA bit is the child's apex, no DS proof" {
	cp "$D/nsec.zone" "$T/z"
	# The delegation's NSEC claims an apex (NS SOA): valid signatures,
	# wrong side of the cut.
	awk '$1 == "sub.cov." && $4 == "NSEC" { $0 = $1 " " $2 " " $3 " NSEC " $5 " NS SOA RRSIG NSEC" } { print }' \
	    "$T/z" > "$T/z2"
	resign "$T/z2"
	run -1 vc "$T/z2" sub.cov DS
	[ "$(reason)" = "the NSEC at sub.cov. is the child's apex record, not the parent's: no proof that sub.cov./DS does not exist" ]
}

@test "cov denial NSEC: a wildcard that has the type needs an expanded answer" {
	run -1 vc "$D/nsec.zone" q.w.cov TXT
	[ "$(reason)" = "the wildcard *.w.cov. has type TXT, yet no expanded answer was given" ]
	run -0 vc "$D/nsec.zone" q.w.cov A
	jq -e '.answer == "nodata"' <<<"$output"
	jq -e '[.steps[].text] | index("NSEC at *.w.cov.: the wildcard has no type A (wildcard NODATA)") != null' <<<"$output"
}

@test "cov denial NSEC: a name below an empty non-terminal is NODATA" {
	run -0 vc "$D/nsec.zone" y.cov A
	jq -e '.answer == "nodata"' <<<"$output"
	jq -e '[.steps[].text] | any(test("^NSEC covering y.cov. leads to a name below it: an empty non-terminal without type A"))' <<<"$output"
}

@test "cov denial NSEC: no NSEC for the wildcard of the closest encloser" {
	cp "$D/nsec.zone" "$T/z"
	# nx.cov. is covered by the NSEC at ns.cov. (ns < nx < sub); *.cov.
	# by the apex NSEC (cov. < *.cov. < alias.cov.): drop that one.
	drop "$T/z" cov. NSEC
	run -1 vc "$T/z" nx.cov A
	[ "$(reason)" = "no NSEC proves that the wildcard *.cov. does not exist" ]
}

@test "cov denial NSEC: a denial whose signature is broken names the record" {
	flip_sig "$D/nsec.zone" ns.cov. NSEC > "$T/z"
	run -1 vc "$T/z" nx.cov A
	reason | grep -E '^RRSIG over ns\.cov\./NSEC by key [0-9]+ \(alg 13\) .*signature does not verify'
	jq -e '.steps[.failingStep].kind == "rrsig"' <<<"$output"
}

@test "cov denial NSEC: an NSEC from a wildcard expansion proves nothing (CVE-2017-15105)" {
	cp "$D/nsec.zone" "$T/z"
	# a.w.cov./NSEC: the *.w.cov. NSEC and its signature, renamed.  The
	# signature still verifies (labels 2), as a wildcard expansion.
	copy_as "$D/nsec.zone" '*.w.cov.' NSEC a.w.cov. > "$T/fake"
	[ "$(wc -l < "$T/fake")" -eq 2 ]
	drop "$T/z" '*.w.cov.' NSEC
	cat "$T/fake" >> "$T/z"
	run -1 vc "$T/z" b.w.cov A
	[ "$(reason)" = "a.w.cov./NSEC is a wildcard expansion, not a proof" ]
}

@test "cov denial NSEC: a zone without NSEC or NSEC3 cannot deny" {
	cp "$D/nsec.zone" "$T/z"
	drop_type "$T/z" NSEC
	run -1 vc "$T/z" nx.cov A
	[ "$(reason)" = "no NSEC or NSEC3 record proves that nx.cov./A does not exist" ]
}

@test "cov denial NSEC: a wildcard answer with a covering NSEC is secure, without one bogus" {
	cp "$D/nsec.zone" "$T/z"
	# The expansion q.w.cov. TXT carries the wildcard's signature.
	copy_as "$D/nsec.zone" '*.w.cov.' TXT q.w.cov. >> "$T/z"
	run -0 vc "$T/z" q.w.cov TXT
	jq -e '[.steps[].text] | index("NSEC covers q.w.cov.: the wildcard expansion is allowed") != null' <<<"$output"
	jq -e '.answerRRs | length == 1' <<<"$output"
	drop "$T/z" '*.w.cov.' NSEC
	run -1 vc "$T/z" q.w.cov TXT
	[ "$(reason)" = "wildcard answer for q.w.cov. without proof that q.w.cov. itself does not exist" ]
}

@test "cov denial NSEC3: a matching NSEC3 that lists the asked type refutes NODATA" {
	cp "$D/n3.zone" "$T/z"
	drop "$T/z" www.cov. A
	run -1 vc "$T/z" www.cov A
	[ "$(reason)" = "the NSEC3 matching www.cov. says the type exists" ]
}

@test "cov denial NSEC3: a wildcard with the type, and wildcard NODATA" {
	run -1 vc "$D/n3.zone" q.w.cov TXT
	[ "$(reason)" = "the wildcard *.w.cov. has type TXT, yet no expanded answer was given" ]
	run -0 vc "$D/n3.zone" q.w.cov A
	jq -e '.answer == "nodata"' <<<"$output"
	jq -e '[.steps[].text] | index("NSEC3 matches *.w.cov.: the wildcard has no type A (wildcard NODATA)") != null' <<<"$output"
}

@test "cov denial NSEC3: without the apex NSEC3 there is no closest encloser" {
	cp "$D/n3.zone" "$T/z"
	drop "$T/z" "$(n3hash cov.).cov." NSEC3
	run -1 vc "$T/z" nx.cov A
	[ "$(reason)" = "no NSEC3 proves a closest encloser of nx.cov. (is the NSEC3 hash right?)" ]
}

@test "cov denial NSEC3: without the NSEC3 covering *.cov. the wildcard is not denied" {
	local name c w
	w=$(n3cover "$D/n3.zone" '*.cov.')
	# a name whose next closer hash lies in another span than *.cov.'s
	for name in n1 n2 n3 n4 n5 n6 n7 n8 n9 n10 n11 n12; do
		c=$(n3cover "$D/n3.zone" "$name.cov.")
		[ "$c" != "$w" ] && break
	done
	[ "$c" != "$w" ]
	cp "$D/n3.zone" "$T/z"
	drop "$T/z" "$w.cov." NSEC3
	run -1 vc "$T/z" "$name.cov" A
	[ "$(reason)" = "no NSEC3 proves that the wildcard *.cov. does not exist" ]
}

@test "cov denial NSEC3: an unknown hash algorithm makes the denial insecure" {
	cp "$D/n3.zone" "$T/z"
	# hash algorithm 1 -> 2 in every NSEC3, validly re-signed
	awk '$4 == "NSEC3" { $5 = 2 } { print }' "$D/n3.zone" > "$T/z"
	resign "$T/z"
	run -4 vc "$T/z" nx.cov A
	[ "$(reason)" = "NSEC3 hash algorithm 2 is not supported" ]
	jq -e '.verdict == "insecure"' <<<"$output"
}

@test "cov denial NSEC3: a wildcard answer needs the next closer name covered" {
	cp "$D/n3.zone" "$T/z"
	copy_as "$D/n3.zone" '*.w.cov.' TXT q.w.cov. >> "$T/z"
	run -0 vc "$T/z" q.w.cov TXT
	jq -e '[.steps[].text] | index("NSEC3 covers the next closer name of q.w.cov.: the wildcard expansion is allowed") != null' <<<"$output"
	drop "$T/z" "$(n3cover "$D/n3.zone" q.w.cov.).cov." NSEC3
	run -1 vc "$T/z" q.w.cov TXT
	[ "$(reason)" = "wildcard answer for q.w.cov. without proof that q.w.cov. itself does not exist" ]
}

@test "cov denial NSEC3 opt-out: a span over a missing name is insecure" {
	run -4 vc "$D/optout.zone" nx.cov A
	[ "$(reason)" = "an opt-out NSEC3 covers nx.cov. (RFC 5155 9.2)" ]
	jq -e '.answer == "nxdomain"' <<<"$output"
	run -4 vc "$D/optout.zone" q.w.cov A
	[ "$(reason)" = "an opt-out NSEC3 covers q.w.cov. (RFC 5155 9.2)" ]
	jq -e '.answer == "nodata"' <<<"$output"
}

@test "cov denial NSEC3 opt-out: the unsigned delegation has no DS, insecurely" {
	local hs nxt
	# ldns-signzone -p still gives sub.cov. an NSEC3 (a match proves no
	# DS, securely); take it out of the chain as an opt-out signer would.
	run -0 vc "$D/optout.zone" sub.cov DS
	jq -e '.answer == "nodata"' <<<"$output"
	hs=$(n3hash sub.cov.)
	nxt=$(awk -v h="$hs.cov." 'tolower($1) == h && $4 == "NSEC3" { print $9 }' \
	    "$D/optout.zone")
	[ -n "$nxt" ]
	awk -v h="$hs" -v n="$nxt" '$4 == "NSEC3" && tolower($9) == h { $9 = n } { print }' \
	    "$D/optout.zone" > "$T/z"
	drop "$T/z" "$hs.cov." NSEC3
	resign "$T/z"
	run -4 vc "$T/z" sub.cov DS
	jq -e '.answer == "nodata"' <<<"$output"
	[ "$(reason)" = "an opt-out NSEC3 covers sub.cov. (RFC 5155 9.2)" ]
	run -4 vc "$T/z" www.sub.cov A
	[ "$(reason)" = "an opt-out NSEC3 covers sub.cov. (RFC 5155 9.2)" ]
	jq -e '[.steps[].text] | index("no DS for sub.cov.: an insecure delegation") != null' <<<"$output"
}

@test "cov denial: a name no anchor covers is indeterminate" {
	run -5 vc "$D/nsec.zone" nx.other A
	[ "$(reason)" = "no trust anchor covers nx.other." ]
	jq -e '.verdict == "indeterminate"' <<<"$output"
}

@test "cov denial NSEC: an unsigned delegation without a proof of no DS is bogus" {
	cp "$D/nsec.zone" "$T/z"
	drop "$T/z" sub.cov. NSEC
	run -1 vc "$T/z" www.sub.cov A
	[ "$(reason)" = "no NSEC of the zone matches or covers sub.cov.: no proof that sub.cov./DS does not exist" ]
	run -4 vc "$D/nsec.zone" www.sub.cov A
	[ "$(reason)" = "sub.cov. is an insecure delegation (no DS, proven)" ]
}

@test "cov denial NSEC: a deep missing name has the apex as closest encloser" {
	run -0 vc "$D/nsec.zone" a.b.nx.cov A
	jq -e '.answer == "nxdomain"' <<<"$output"
	jq -e '[.steps[].text] | index("NSEC covers a.b.nx.cov.: the name does not exist; closest encloser cov.") != null' <<<"$output"
	jq -e '[.steps[].text] | index("NSEC covers *.cov.: no wildcard (NXDOMAIN)") != null' <<<"$output"
}

@test "cov denial NSEC: a signature with more labels than its owner proves nothing" {
	cp "$D/nsec.zone" "$T/z"
	# x.y.cov.'s NSEC (next: the apex) and its 3-label RRSIG as xa.cov.
	copy_as "$D/nsec.zone" x.y.cov. NSEC xa.cov. > "$T/fake"
	[ "$(wc -l < "$T/fake")" -eq 2 ]
	drop "$T/z" www.cov. NSEC
	cat "$T/fake" >> "$T/z"
	run -1 vc "$T/z" xb.cov A
	[ "$(reason)" = "no valid RRSIG over xa.cov./NSEC" ]
}

@test "cov denial NSEC: unsigned NSEC records are no proof" {
	cp "$D/nsec.zone" "$T/z"
	awk '!($4 == "RRSIG" && $5 == "NSEC")' "$D/nsec.zone" > "$T/z"
	run -1 vc "$T/z" nx.cov A
	[ "$(reason)" = "no NSEC or NSEC3 record proves that nx.cov./A does not exist" ]
}

@test "cov denial NSEC3: a denial whose signature is broken names the record" {
	local c
	c=$(n3cover "$D/n3.zone" nx.cov.)
	flip_sig "$D/n3.zone" "$c.cov." NSEC3 > "$T/z"
	run -1 vc "$T/z" nx.cov A
	reason | grep -E "^RRSIG over $c\\.cov\\./NSEC3 by key [0-9]+ \\(alg 13\\) .*signature does not verify"
}

@test "cov denial NSEC3: records with other parameters are left aside" {
	# The zone's first NSEC3 sets the parameters; a second chain with
	# salt and iterations (valid, but not the zone's) changes nothing.
	cat "$D/n3.zone" > "$T/z"
	awk '$4 == "NSEC3" || ($4 == "RRSIG" && $5 == "NSEC3")' \
	    "$D/iter5.zone" >> "$T/z"
	run -0 vc "$T/z" nx.cov A
	jq -e '.answer == "nxdomain"' <<<"$output"
}

@test "cov denial NSEC3: iterations above --nsec3-max-iterations are insecure" {
	run -0 vc "$D/iter5.zone" nx.cov A
	run -0 vc "$D/iter5.zone" nx.cov A --nsec3-max-iterations=5
	run -4 vc "$D/iter5.zone" nx.cov A --nsec3-max-iterations=4
	[ "$(reason)" = "NSEC3 iterations 5 above the limit 4 (RFC 9276 3.2)" ]
	jq -e '.steps[-1] == {"zone": "cov.", "kind": "denial", "mark": "insecure", "text": "NSEC3 iterations 5 above the limit 4: insecure (RFC 9276 3.2)"}' <<<"$output"
}

@test "cov chain: DNAME links, followed and too long to follow" {
	run -0 vc "$D/dname.zone" x.short.cov A
	jq -e '.answer == "nxdomain"' <<<"$output"
	local l
	l=$(printf 'a%.0s' $(seq 60))
	# 61 + 245 octets: no name can be made (RFC 6672 2.2, YXDOMAIN)
	run -1 vc "$D/dname.zone" "$l.d.cov" A
	[ "$(reason)" = "the DNAME substitution is too long" ]
}

@test "cov chain: a signed zone below an insecure delegation is insecure" {
	run -4 vc "$D/below.zone" www.deep.sub.cov A
	[ "$(reason)" = "sub.cov. is an insecure delegation (no DS, proven)" ]
	jq -e '[.steps[].text] | index("below an insecure delegation") != null' <<<"$output"
	jq -e '.answer == "data"' <<<"$output"
}

@test "cov chain: a revoked key as the anchor breaks the chain" {
	run -1 dnstk-verify-chain --offline --records="$D/rev.zone" \
	    --anchor="$D/rev.anchor" --now=20260601000000 -j www.rev A
	reason | grep -E '^DNSKEY [0-9]+ \(alg 13, flags 385, KSK, revoked\) is revoked$'
}

@test "cov chain: an anchor of an unsupported digest type is passed over" {
	# DS digest type 3 (GOST R 34.11-94) is not checked here; the
	# anchor beside it carries the chain.
	{ cat "$D/anchor"; awk '{ print $1, $2, $3, $4, $5, $6, 3, "0000000000000000000000000000000000000000000000000000000000000000" }' "$D/anchor"; } \
	    > "$T/anchors"
	run -0 dnstk-verify-chain --offline --records="$D/nsec.zone" \
	    --anchor="$T/anchors" --now=20260601000000 -j www.cov A
	jq -e '[.steps[] | select(.mark == "insecure" and (.text | test("^anchor [0-9]+ \\(alg 13, digest 3\\): digest type not supported$")))] | length == 1' <<<"$output"
}
