# Start and stop the dnsdouble test responder (tests/helpers/dnsdouble.c).
# Every double is stopped by its PID; every wait is bounded.

# double_start MODE [ARG...]: start a double ("" for the compliant default)
# with extra arguments such as --ipv6; sets DOUBLE_PORT and DOUBLE_PID.  It
# exits by itself after 120 seconds.
double_start() {
	local f i
	f=$(mktemp "${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}/double.XXXXXX")
	"$DNSTK_BUILD/tests/dnsdouble" --lifetime=120 ${1:+--mode=$1} "${@:2}" \
	    >"$f" 2>&1 3>&- &
	DOUBLE_PID=$!
	for i in $(seq 1 50); do
		[ -s "$f" ] && break
		sleep 0.1
	done
	DOUBLE_PORT=$(head -n 1 "$f")
	[ -n "$DOUBLE_PORT" ] || return 1
	# With --log, the lines after the port are the queries received.
	DOUBLE_LOG=$f
	export DOUBLE_PORT DOUBLE_PID DOUBLE_LOG
}

# double_stop: stop the double started last, by its PID.
double_stop() {
	[ -n "${DOUBLE_PID:-}" ] || return 0
	kill "$DOUBLE_PID" 2>/dev/null || true
	wait "$DOUBLE_PID" 2>/dev/null || true
	DOUBLE_PID=
}
