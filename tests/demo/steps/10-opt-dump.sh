# make demo, offline EDNS part: decode the OPT records of the bundled
# responses and report violations (a BADVERS answer among them).
step "dnstk-opt-dump: the OPT records of the bundled responses 2 and 6"
sed -n '2p;6p' "$data" | dnstk-opt-dump
