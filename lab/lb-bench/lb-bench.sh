#!/usr/bin/env bash
# The load balancer's Mininet measurements (docs/benchmarks.md, "Load balancer in Mininet"):
# new TCP connections per second through a VIP and without one, and the time from a member's
# failure to the last connection sent to it.
#
#   lab/lb-bench/lb-bench.sh [lb_bench.py options: --seconds S --workers W --rounds R --failovers F --what rate,failover]
#
# As root, with Open vSwitch running (lab/install.sh) and the server built (./skylane build, or
# mvn -o -q -pl server -am package -DskipTests). Takes /tmp/skylane-mininet.lock (one Mininet at a
# time on this machine), starts the built controller on free loopback ports with a fresh data
# directory, runs lb_bench.py (Mininet, REST calls, clients and servers in the hosts), stops the
# controller. Everything it writes goes to lab/lb-bench/out/<date-time>/ (not in git): summary.txt,
# the controller's log, every connection (conns-*.txt), the SYNs captured at the killed member.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${LB_BENCH_LOCKED:-}" ]]; then
    exec env LB_BENCH_LOCKED=1 flock /tmp/skylane-mininet.lock "$0" "$@"
fi
[[ $(id -u) -eq 0 ]] || { echo "lb-bench.sh: run as root (Mininet)" >&2; exit 2; }
jar="$root/server/target/skylane-server.jar"
[[ -f "$jar" ]] || { echo "lb-bench.sh: $jar missing: ./skylane build first" >&2; exit 2; }
ovs-vsctl show > /dev/null || { echo "lb-bench.sh: Open vSwitch is not running (lab/install.sh)" >&2; exit 2; }

out="$here/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/data"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
of_port=$(free_port); api_port=$(free_port)
export SKYLANE_ADMIN_TOKEN="lb-bench-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"

java -jar "$jar" run --openflow-address 127.0.0.1 --openflow-port "$of_port" \
    --api-address 127.0.0.1 --api-port "$api_port" --data-dir "$out/data" > "$out/controller.log" 2>&1 &
controller=$!
trap 'kill "$controller" 2>/dev/null || true; wait "$controller" 2>/dev/null || true' EXIT
for _ in $(seq 1 450); do
    curl -fs "http://127.0.0.1:$api_port/v1/health" > /dev/null && break
    kill -0 "$controller" || { echo "lb-bench.sh: the controller exited: $out/controller.log" >&2; exit 1; }
    sleep 0.1
done
echo "lb-bench.sh: controller pid $controller (OpenFlow $of_port, REST $api_port), output in $out"
{ echo "commit $(git -C "$root" rev-parse --short HEAD) $(date -Is)"; uname -r; ovs-vsctl --version | head -1
  java -version 2>&1 | head -1; nproc; uptime; } > "$out/machine.txt"
/usr/bin/python3 "$here/lb_bench.py" "http://127.0.0.1:$api_port" "$of_port" "$out" \
    --controller-pid "$controller" "$@"
