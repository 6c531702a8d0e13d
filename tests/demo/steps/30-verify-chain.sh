# make demo, DNSSEC: dnstk-verify-chain on the bundled test hierarchy
# (tests/fixtures/dnssec: its own root anchor), offline, secure and broken.
dnssec=$here/../fixtures/dnssec
vc() {
	dnstk-verify-chain --offline --records="$dnssec/all.zone" \
	    --anchor="$dnssec/root.anchor" --now=20260601000000 "$@"
}

step "dnstk-verify-chain: a secure chain, root -> tld. -> a8.tld. (RSA) "
vc --color=never www.a8.tld A

step "dnstk-verify-chain: a broken chain shows its first failing link"
set +e
vc --color=never www.expired.tld A; rc=$?
set -e
echo "exit status $rc (1: bogus)"
[ "$rc" -eq 1 ]

step "dnstk-verify-chain -q: one word per case, exit 0/4/1"
for n in www.e13.tld www.unsigned.tld nx.n3wrong.tld; do
	printf '%-20s ' "$n"; vc -q "$n" A || true
done
