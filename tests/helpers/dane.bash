# Helpers for the DANE tests (tests/t7*.bats): TLSA association data
# computed with the openssl command line, independently of dnstk.

# der CERT SELECTOR: the DER of the certificate (0) or of its SPKI (1).
der() {
	if [ "$2" = 1 ]; then
		openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER
	else
		openssl x509 -in "$1" -outform DER
	fi
}

# assoc CERT SELECTOR MTYPE: print the association data in hex.
assoc() {
	case $3 in
	0) der "$1" "$2" | od -An -v -tx1 | tr -d ' \n'; echo ;;
	1) der "$1" "$2" | openssl dgst -sha256 -r | cut -c1-64 ;;
	2) der "$1" "$2" | openssl dgst -sha512 -r | cut -c1-128 ;;
	esac
}

# flip HEX: the same hex with its last digit changed.
flip() {
	local h=$1 last=${1: -1}
	[ "$last" = 0 ] && last=1 || last=0
	echo "${h%?}$last"
}

# s_server_start CERT KEY [ARGS...]: openssl s_server on a free port of
# 127.0.0.1 (-cert_chain FILE in ARGS for the rest of the chain); sets
# SSRV_PORT, SSRV_PID and SSRV_LOG.  A port taken in the meantime (by a
# test running in parallel) means another try on another port.
s_server_start() {
	local cert=$1 key=$2 try i
	shift 2
	for try in 1 2 3; do
		SSRV_PORT=$(free_port) || return 1
		SSRV_LOG=$BATS_TEST_TMPDIR/s_server.$SSRV_PORT.log
		# stdin: a FIFO opened read-write never ends, so s_server
		# (echo mode) does not stop at EOF; what it receives goes to
		# SSRV_LOG.
		rm -f "$BATS_TEST_TMPDIR/s_server.$SSRV_PORT.in"
		mkfifo "$BATS_TEST_TMPDIR/s_server.$SSRV_PORT.in"
		openssl s_server -accept "127.0.0.1:$SSRV_PORT" -cert "$cert" \
		    -key "$key" -quiet "$@" \
		    0<>"$BATS_TEST_TMPDIR/s_server.$SSRV_PORT.in" \
		    >"$SSRV_LOG" 2>&1 3>&- &
		SSRV_PID=$!
		for i in $(seq 1 200); do
			if (exec 3<>/dev/tcp/127.0.0.1/$SSRV_PORT) 2>/dev/null; then
				export SSRV_PORT SSRV_PID SSRV_LOG
				return 0
			fi
			kill -0 "$SSRV_PID" 2>/dev/null || break
			sleep 0.1
		done
		s_server_stop
	done
	echo "s_server did not start: $(cat "$SSRV_LOG")" >&2
	return 1
}

s_server_stop() {
	[ -n "${SSRV_PID:-}" ] || return 0
	kill "$SSRV_PID" 2>/dev/null || true
	wait "$SSRV_PID" 2>/dev/null || true
	SSRV_PID=
}

# s_client_dane HOST RRDATA...: OpenSSL's own DANE verdict against the
# server on SSRV_PORT: prints "ok" or "fail".
s_client_dane() {
	local host=$1 a=() r out
	shift
	for r in "$@"; do a+=(-dane_tlsa_rrdata "$r"); done
	out=$(timeout 10 openssl s_client -connect "127.0.0.1:$SSRV_PORT" \
	    -servername "$host" -dane_tlsa_domain "$host" "${a[@]}" \
	    -dane_ee_no_namechecks -CAfile "$FIX/dane/root.pem" \
	    -verify_return_error </dev/null 2>&1) && echo ok || echo fail
}
