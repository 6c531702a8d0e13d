#!/bin/sh
# make deps: install what dnstk needs from Debian packages, idempotently.
# Does nothing when everything is present; runs apt-get update first when
# something is missing; uses sudo when not root.
set -eu
pkgs="make gcc clang pkg-config libldns-dev ldnsutils libssl-dev openssl
libidn2-dev
bats bats-assert bats-support mandoc gcovr llvm libclang-rt-14-dev
nsd knot knot-dnsutils unbound bind9-dnsutils bind9-utils dnsperf hyperfine jq
iproute2 time parallel hash-slinger"
missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -n "$missing" ] || { echo "deps: all present"; exit 0; }
echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
