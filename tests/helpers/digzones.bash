# The zones of the dig-habit tests (t5004-t5009) on one NSD: dig.test
# (several names, IDN A-labels), 2.0.192.in-addr.arpa and
# 8.b.d.0.1.0.0.2.ip6.arpa (reverse lookups).
dig_nsd_start() {
	local z=$FIX/zones
	nsd_start "$1" dig.test "$z/dig.test.zone" \
	    2.0.192.in-addr.arpa "$z/2.0.192.in-addr.arpa.zone" \
	    8.b.d.0.1.0.0.2.ip6.arpa "$z/8.b.d.0.1.0.0.2.ip6.arpa.zone"
}

# dq ARGS: dnstk-query at that NSD.
dq() {
	dnstk-query @127.0.0.1 -p "$NSD_PORT" --timeout=2 "$@"
}

# A test file that loads this at its top gets one NSD for all its tests.
setup_file() {
	load helpers/common
	load helpers/servers
	dig_nsd_start "$BATS_FILE_TMPDIR/nsd"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
}
