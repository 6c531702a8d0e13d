# make demo, EDNS part: a real NSD serves the bundled signed zone on
# loopback; query it, dump the OPT record, probe its EDNS compliance.
# Sourced by tests/demo/run (which sets $here, $tmp, $bin and step()).
if command -v dnstk-query >/dev/null && command -v nsd >/dev/null; then
	. "$here/../helpers/servers.bash"
	nsd_start "$tmp/nsd" example.test "$here/example.test.zone.signed"
	trap 'nsd_stop; rm -rf "$tmp"' EXIT

	step "dnstk-query: NSD on 127.0.0.1:$NSD_PORT, DO bit, NSID and a cookie"
	dnstk-query @127.0.0.1 -p "$NSD_PORT" --dnssec --nsid --cookie \
	    www.example.test AAAA

	step "dnstk-query -w | dnstk-opt-dump: the OPT record decoded, checked"
	dnstk-query -w @127.0.0.1 -p "$NSD_PORT" --nsid --cookie \
	    --subnet=192.0.2.0/24 www.example.test A | dnstk-opt-dump

	step "dnstk-query --short, and the same answer as JSON"
	dnstk-query --short @127.0.0.1 -p "$NSD_PORT" txt.example.test TXT
	dnstk-query -j @127.0.0.1 -p "$NSD_PORT" www.example.test A |
	    { if command -v jq >/dev/null; then jq -c .answerRRs; else cat; fi; }

	step "dnstk-edns-probe: the EDNS compliance tests against NSD"
	dnstk-edns-probe @127.0.0.1 -p "$NSD_PORT" example.test || true

	nsd_stop
	trap 'rm -rf "$tmp"' EXIT
fi
