# make demo, dnstk-serve part: dnstk-serve itself serves the bundled signed
# zone on loopback (no NSD needed); query it, dump the OPT record, probe
# its EDNS compliance.  Sourced by tests/demo/run (which sets $here, $tmp,
# $bin and step()).
if command -v dnstk-serve >/dev/null; then
	. "$here/../helpers/servers.bash"
	sport=$(free_port)
	dnstk-serve -l 127.0.0.1 -p "$sport" --nsid=dnstk-demo \
	    "$here/example.test.zone.signed=example.test" 2>"$tmp/serve.log" &
	spid=$!
	trap 'kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
	for i in $(seq 1 100); do
		grep -q '^listening on' "$tmp/serve.log" && break
		sleep 0.1
	done

	step "dnstk-serve: $(head -n 1 "$tmp/serve.log"), the signed zone"
	dnstk-query @127.0.0.1 -p "$sport" --dnssec --nsid --cookie \
	    nx.example.test A

	step "dnstk-query -w | dnstk-opt-dump: dnstk-serve's OPT record, checked"
	dnstk-query -w @127.0.0.1 -p "$sport" --nsid --cookie \
	    www.example.test A | dnstk-opt-dump

	step "dnstk-edns-probe: the EDNS compliance tests against dnstk-serve"
	dnstk-edns-probe @127.0.0.1 -p "$sport" example.test

	kill "$spid"
	wait "$spid" && echo "dnstk-serve: stopped by SIGTERM, exit 0"
	trap 'rm -rf "$tmp"' EXIT
fi
