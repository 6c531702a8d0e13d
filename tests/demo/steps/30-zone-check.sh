# make demo, zone checks: the bundled signed zone is clean; the same zone
# with one signature bit flipped is not.
step "dnstk-zone-check: the bundled signed zone"
dnstk-zone-check "$here/example.test.zone.signed"

step "dnstk-zone-check: the same zone, one signature bit flipped"
awk '$4 == "RRSIG" && $5 == "AAAA" && !done { s = $NF; c = substr(s, 12, 1);
    c = (c == "A") ? "B" : "A"; $NF = substr(s, 1, 11) c substr(s, 13);
    done = 1 } 1' "$here/example.test.zone.signed" > "$tmp/broken.zone"
set +e
dnstk-zone-check "$tmp/broken.zone"; rc=$?
set -e
echo "exit status $rc"
[ "$rc" -eq 1 ]
