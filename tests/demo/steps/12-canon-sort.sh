# make demo, RRsets: the bundled signed zone in canonical order, checked,
# and the exact bytes one of its signatures covers.
step "dnstk-canon-sort --rrsets: the first RRsets of the signed zone, canonical order"
dnstk-canon-sort --rrsets "$here/example.test.zone.signed" > "$tmp/rrsets.txt"
head -n 12 "$tmp/rrsets.txt"

step "dnstk-canon-sort --check: duplicates and TTL consistency (RFC 2181)"
dnstk-canon-sort --check "$here/example.test.zone.signed" > /dev/null &&
    echo "no duplicates, every RRset has one TTL"

step "dnstk-canon-sort --signed-data: what the RRSIG over www AAAA signs"
grep -E '^www\.example\.test\..*(AAAA|RRSIG[[:space:]]+AAAA)' \
    "$here/example.test.zone.signed" | dnstk-canon-sort --signed-data > "$tmp/sd.txt"
cut -c1-150 "$tmp/sd.txt"
