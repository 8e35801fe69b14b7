#!/bin/sh
# test/engine/dockerd.sh: a private Docker daemon for the real-engine tests.
#   dockerd.sh start      start one in a new /tmp/ctxeng.XXXXXX; wait until
#                         it answers; print its socket path (exit 0), or
#                         say why it cannot run (exit 77: no root, no
#                         dockerd, no docker client, it died or hung)
#   dockerd.sh stop SOCK  stop the daemon of that socket (only the pid this
#                         script started, from its own pid file), remove
#                         its directory
# The daemon: vfs storage, no iptables, no bridge, its own data, exec and
# pid files under the directory, so several can run at once.  Nothing here
# needs the network: the tests build FROM scratch.  DOCKERD_TIMEOUT
# (seconds, default 60) bounds the wait.
set -u
cmd=${1:-}

cannot() {
	echo "dockerd.sh: cannot start a Docker daemon: $*" >&2
	exit 77
}

stop() {
	d=$1
	[ -f "$d/ctxeng" ] || { echo "dockerd.sh: $d: not ours" >&2; return 1; }
	if [ -f "$d/started.pid" ]; then
		pid=$(cat "$d/started.pid")
		if kill "$pid" 2>/dev/null; then
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do
				sleep 0.1; i=$((i + 1))
			done
			kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
		fi
	fi
	# containerd, started by dockerd, leaves with it; its shims (none:
	# no container ever runs) would be under the exec root
	rm -rf "$d"
}

case $cmd in
start)
	[ "$(id -u)" = 0 ] || cannot "not root (uid $(id -u)); dockerd needs root"
	command -v dockerd >/dev/null || cannot "no dockerd binary in PATH (Debian: apt-get install docker.io)"
	command -v docker >/dev/null || cannot "no docker client in PATH"
	command -v containerd >/dev/null || cannot "no containerd binary in PATH (dockerd needs it)"
	d=$(mktemp -d /tmp/ctxeng.XXXXXX) || cannot "mktemp failed"
	: >"$d/ctxeng"
	sock=$d/s
	dockerd --data-root "$d/d" --exec-root "$d/e" -H "unix://$sock" \
	    --pidfile "$d/pid" --storage-driver=vfs --iptables=false \
	    --ip6tables=false --bridge=none >"$d/log" 2>&1 </dev/null &
	echo $! >"$d/started.pid"
	pid=$!
	n=$(( ${DOCKERD_TIMEOUT:-60} * 10 )) i=0
	while [ $i -lt $n ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			why=$(grep -i -E 'level=(fatal|error)|failed' "$d/log" | tail -n 3)
			stop "$d"
			cannot "dockerd exited at once: ${why:-see its log}"
		fi
		if [ -S "$sock" ] && docker -H "unix://$sock" version \
		    --format '{{.Server.Version}}' >/dev/null 2>&1; then
			echo "$sock"
			exit 0
		fi
		sleep 0.1; i=$((i + 1))
	done
	why=$(tail -n 3 "$d/log")
	stop "$d"
	cannot "dockerd did not answer in ${DOCKERD_TIMEOUT:-60} s: $why"
	;;
stop)
	[ $# = 2 ] || { echo "usage: dockerd.sh stop SOCK" >&2; exit 2; }
	stop "$(dirname "$2")"
	;;
*)
	echo "usage: dockerd.sh start | stop SOCK" >&2
	exit 2
	;;
esac
