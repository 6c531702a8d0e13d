# make demo, DANE part: NSD serves the bundled signed TLSA zone; check the
# bundled certificate chains against it, matching and not.
# Sourced by tests/demo/run (which sets $here, $tmp, $bin and step()).
if command -v dnstk-tlsa-check >/dev/null && command -v nsd >/dev/null; then
	. "$here/../helpers/servers.bash"
	dane=$here/../fixtures/dane
	nsd_start "$tmp/nsd-dane" example.test "$dane/example.test.zone"
	trap 'nsd_stop; rm -rf "$tmp"' EXIT
	dns=(-s 127.0.0.1 -p "$NSD_PORT" --anchor="$dane/dane.anchor" --now=20260601000000)

	step "dnstk-tlsa-check --generate: the TLSA record for a certificate"
	dnstk-tlsa-check --generate --cert="$dane/chain-ec.pem" www.example.test

	step "dnstk-tlsa-check: the EC chain against the signed zone (a secure match)"
	dnstk-tlsa-check "${dns[@]}" --cert="$dane/chain-ec.pem" www.example.test

	step "dnstk-tlsa-check: the RSA chain against the same records (no match, exit 1)"
	set +e
	dnstk-tlsa-check "${dns[@]}" --cert="$dane/chain-rsa.pem" www.example.test
	rc=$?
	set -e
	echo "exit status $rc"
	[ "$rc" -eq 1 ]

	nsd_stop
	trap 'rm -rf "$tmp"' EXIT
fi
