# Start and stop dnstk-serve for tests.  Every server is stopped by its
# PID; every wait is bounded.

# serve_start [OPTION...] ZONEFILE...: start dnstk-serve on 127.0.0.1 and a
# free port (add -l options for other addresses); waits (at most 10 s) for
# its "listening on" line.  Sets SERVE_PORT, SERVE_PID and SERVE_LOG.
serve_start() {
	local i try listen=(-l 127.0.0.1)
	case " $* " in *" -l "*|*" --listen"*) listen=() ;; esac
	# free_port can race with other servers on the machine: a port taken
	# between the check and the bind is retried with another one.
	for try in 1 2 3 4 5; do
		SERVE_PORT=$(free_port) || return 1
		SERVE_LOG=$(mktemp "${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}/serve.XXXXXX")
		dnstk-serve -p "$SERVE_PORT" "${listen[@]}" "$@" \
		    2>"$SERVE_LOG" 3>&- &
		SERVE_PID=$!
		for i in $(seq 1 100); do
			grep -q '^listening on' "$SERVE_LOG" 2>/dev/null && break
			kill -0 "$SERVE_PID" 2>/dev/null || break
			sleep 0.1
		done
		grep -q '^listening on' "$SERVE_LOG" && break
		wait "$SERVE_PID" 2>/dev/null || true
		SERVE_PID=
		grep -q 'Address already in use' "$SERVE_LOG" || break
	done
	grep -q '^listening on' "$SERVE_LOG" || { cat "$SERVE_LOG" >&2; return 1; }
	export SERVE_PORT SERVE_PID SERVE_LOG
}

# serve_stop: SIGTERM the server started last and wait (at most 5 s);
# SERVE_STATUS gets its exit status.
serve_stop() {
	local i
	[ -n "${SERVE_PID:-}" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null || true
	for i in $(seq 1 50); do
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$SERVE_PID" 2>/dev/null || true
	SERVE_STATUS=0
	wait "$SERVE_PID" 2>/dev/null || SERVE_STATUS=$?
	SERVE_PID=
}

# sq ARGS...: dnstk-query against the server started last.
sq() {
	dnstk-query @127.0.0.1 -p "$SERVE_PORT" --timeout=2 --tries=2 "$@"
}

# sq_raw HEX: send one query given as hex wire bytes; prints the answer.
sq_raw() {
	printf '%s\n' "$1" | dnstk-query @127.0.0.1 -p "$SERVE_PORT" \
	    --timeout=2 --tries=1 --raw "${@:2}"
}
