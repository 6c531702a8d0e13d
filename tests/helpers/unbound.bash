# Start and stop a validating Unbound on 127.0.0.1 for the DNSSEC oracle
# tests.  Needs helpers/servers (free_port, wait_port).

# unbound_start DIR ANCHOR_FILE FORWARD_PORT: Unbound validating with the
# test root's anchor, forwarding everything to 127.0.0.1@FORWARD_PORT;
# sets UNBOUND_PORT and UNBOUND_PID.
unbound_start() {
	local dir=$1 anchor=$2 fwd=$3 i
	UNBOUND_PORT=$(free_port) || return 1
	mkdir -p "$dir"
	cp "$anchor" "$dir/root.anchor"
	cat >"$dir/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $UNBOUND_PORT
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$dir"
  pidfile: "$dir/unbound.pid"
  logfile: "$dir/unbound.log"
  use-syslog: no
  do-daemonize: yes
  trust-anchor-file: "$dir/root.anchor"
  module-config: "validator iterator"
  do-not-query-localhost: no
  qname-minimisation: no
  aggressive-nsec: no
  val-log-level: 2
  verbosity: 1
remote-control:
  control-enable: no
forward-zone:
  name: "."
  forward-addr: 127.0.0.1@$fwd
CONF
	unbound -c "$dir/unbound.conf" || return 1
	for i in $(seq 1 100); do
		[ -s "$dir/unbound.pid" ] && break
		sleep 0.1
	done
	UNBOUND_PID=$(cat "$dir/unbound.pid" 2>/dev/null) || return 1
	wait_port "$UNBOUND_PORT" || return 1
	export UNBOUND_PORT UNBOUND_PID
}

# unbound_stop: stop the Unbound started by unbound_start, by its PID.
unbound_stop() {
	[ -n "${UNBOUND_PID:-}" ] || return 0
	kill "$UNBOUND_PID" 2>/dev/null || true
	local i
	for i in $(seq 1 50); do
		kill -0 "$UNBOUND_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$UNBOUND_PID" 2>/dev/null || true
	UNBOUND_PID=
}
