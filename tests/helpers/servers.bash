# Start and stop real DNS servers on 127.0.0.1 for tests.
# Every server is stopped by its PID; every wait is bounded.

# free_port: print a currently unused UDP+TCP port on 127.0.0.1.
free_port() {
	local p i
	for i in $(seq 1 50); do
		# Below the kernel's ephemeral range (32768 up), where the
		# clients' own sockets take their ports, and free on UDP as well
		# as TCP: the servers listen on both.
		p=$(( (RANDOM % 12000) + 20000 ))
		if ! ss -Hlntu "( sport = :$p )" 2>/dev/null | grep -q . &&
		    ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			echo "$p"; return 0
		fi
	done
	return 1
}

# wait_port PORT [ADDR]: wait (at most 10 s) until something answers TCP
# on ADDR (127.0.0.1) PORT.
wait_port() {
	local i
	for i in $(seq 1 100); do
		(exec 3<>/dev/tcp/${2:-127.0.0.1}/$1) 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# nsd_start DIR ZONE ZONEFILE [ZONE ZONEFILE ...]: start NSD serving the
# zones on 127.0.0.1; sets NSD_PORT and NSD_PID.  Response rate limiting is
# off (Debian's NSD limits by default) and NSID is "dnstk-test".
# NSD_ADDR and NSD_WANT_PORT in the environment choose another loopback
# address and a given port; NSD_EXTRA is added to every zone's clause
# (e.g. "  provide-xfr: 127.0.0.1 NOKEY").
nsd_start() {
	local dir=$1; shift
	local conf=$dir/nsd.conf
	NSD_PORT=${NSD_WANT_PORT:-$(free_port)} || return 1
	mkdir -p "$dir"
	cat >"$conf" <<CONF
server:
  ip-address: ${NSD_ADDR:-127.0.0.1}@$NSD_PORT
  username: ""
  chroot: ""
  zonesdir: "$dir"
  pidfile: "$dir/nsd.pid"
  database: ""
  xfrdfile: "$dir/xfrd.state"
  zonelistfile: "$dir/zone.list"
  logfile: "$dir/nsd.log"
  server-count: 1
  nsid: "ascii_dnstk-test"
  answer-cookie: yes
  rrl-ratelimit: 0
  verbosity: 0
remote-control:
  control-enable: no
CONF
	while [ $# -ge 2 ]; do
		cp "$2" "$dir/$(basename "$2")"
		printf 'zone:\n  name: %s\n  zonefile: %s\n%s' "$1" \
		    "$(basename "$2")" "${NSD_EXTRA:+$NSD_EXTRA
}" >>"$conf"
		shift 2
	done
	nsd -c "$conf" || return 1
	local i
	for i in $(seq 1 100); do
		[ -s "$dir/nsd.pid" ] && break
		sleep 0.1
	done
	NSD_PID=$(cat "$dir/nsd.pid" 2>/dev/null) || return 1
	wait_port "$NSD_PORT" "${NSD_ADDR:-127.0.0.1}" || return 1
	export NSD_PORT NSD_PID
}

# nsd_stop: stop the NSD started by nsd_start, by its PID (bounded wait).
nsd_stop() {
	[ -n "${NSD_PID:-}" ] || return 0
	kill "$NSD_PID" 2>/dev/null || true
	local i
	for i in $(seq 1 50); do
		kill -0 "$NSD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$NSD_PID" 2>/dev/null || true
	NSD_PID=
}
