#!/bin/bash
# Skylane overlay lab (issue #14): hypervisors joined by an underlay that no controller programs.
#
# Every hypervisor N is a network namespace $P-hvN running its OWN Open vSwitch (ovsdb-server and
# ovs-vswitchd with their own database, run directory, pidfiles, unixctl sockets and logs under
# $RUN/hvN; userspace datapath). The machine's Open vSwitch is never used or touched. Inside hvN:
#   br-phy   netdev bridge, NORMAL, not Skylane's: the underlay veth `uplink` and, on its LOCAL
#            port, the tunnel endpoint $UNET.N/24 (the userspace datapath sends and receives tunnel
#            packets through the bridge that owns the endpoint address: docs/lab.md)
#   br-int   netdev bridge Skylane programs: fail_mode=secure, OpenFlow 1.3, datapath id chosen
#            here, controller tcp:$MGMT.254:<port>; the flow-based Geneve port skylane-tun
#            (remote_ip=flow key=flow local_ip=<endpoint>) and one veth `vm-<host>` per tenant host
#   mgmt     veth to the root namespace ($MGMT.N/24): the path to the controller, which runs in
#            the root namespace; the root ends hang on the Linux bridge $P-m ($MGMT.254/24)
# The underlay is namespace $P-u: a Linux bridge `ul` holding one veth per hypervisor, no addresses,
# no OpenFlow. A capture there (`capture`) sees only what crosses between hypervisors.
# Tenant hosts are namespaces $P-<host> with `eth0` cabled to br-int of their hypervisor.
#
# Usage (as root; under `flock -o /tmp/skylane-mininet.lock ...` when tests may run):
#   overlay-lab.sh up [N]                   the underlay, the management bridge, hypervisors 1..N (3)
#   overlay-lab.sh hv-add N [DPID]          one more hypervisor (while the others run)
#   overlay-lab.sh host-add NAME HV IP/LEN MAC [MTU]   a tenant host on hypervisor HV (IP "-": none)
#   overlay-lab.sh mtu BYTES                the underlay MTU (every underlay veth and the bridge)
#   overlay-lab.sh host-mtu NAME BYTES      a tenant host's MTU (both ends of its cable)
#   overlay-lab.sh status                   one line per hypervisor and per host (key=value)
#   overlay-lab.sh ofctl HV ARGS...         ovs-ofctl -O OpenFlow13 ARGS on br-int of HV
#   overlay-lab.sh vsctl HV ARGS...         ovs-vsctl against HV's own database
#   overlay-lab.sh exec NODE CMD...         a command in a namespace (hv1, u, a host name)
#   overlay-lab.sh down                     stop everything the lab started, remove what it made
#   overlay-lab.sh selftest                 up 3, two hosts per hypervisor in two VPCs, Geneve flows
#                                           written by hand (no controller), checks, down
# Environment: OVL_PREFIX (olab; at most 9 characters), OVL_CONTROLLER (tcp:$MGMT.254:6653;
# "none": no controller), OVL_MANAGER (OVSDB manager target, e.g. ptcp:6640 or tcp:$MGMT.254:6640;
# empty: none), OVL_TUNNEL (geneve; "none": no skylane-tun, the controller creates it over OVSDB),
# OVL_UNDERLAY (192.168.100), OVL_MGMT (172.30.0), OVL_RUN (/run/skylane-overlay/$OVL_PREFIX),
# OVL_LOG_DIR (the run directory).
set -u
P=${OVL_PREFIX:-olab}
UNET=${OVL_UNDERLAY:-192.168.100}
MGMT=${OVL_MGMT:-172.30.0}
RUN=${OVL_RUN:-/run/skylane-overlay/$P}
LOGS=${OVL_LOG_DIR:-$RUN}
CONTROLLER=${OVL_CONTROLLER:-tcp:$MGMT.254:6653}
MANAGER=${OVL_MANAGER:-}
TUNNEL=${OVL_TUNNEL:-geneve}
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
TUN=skylane-tun
DIR=$(cd "$(dirname "$0")" && pwd)

die() { echo "overlay-lab.sh: $*" >&2; exit 1; }
nsx() { local n=$1; shift; ip netns exec "$P-$n" "$@"; }
vsctl() { local h=$1; shift; ovs-vsctl --timeout=10 --db="unix:$RUN/hv$h/db.sock" "$@"; }
ofctl() { local h=$1; shift; ovs-ofctl -O OpenFlow13 "$1" "unix:$RUN/hv$h/br-int.mgmt" "${@:2}"; }
dpid_of() { printf '%016x' "$1"; }
quiet_ns() {  # no IPv6 (router solicitations and ND would show up in the underlay capture)
  nsx "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  nsx "$1" ip link set lo up
}
# Long-lived daemons must not inherit the descriptors of whoever runs this script: a flock on
# /tmp/skylane-mininet.lock would be held for as long as they run (docs/lab.md, Pitfalls).
detached() { (
  for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
  exec "$@" ) }

check_prefix() {
  [ ${#P} -le 9 ] || die "OVL_PREFIX '$P' is longer than 9 characters (interface names)"
  [[ $P =~ ^[a-z][a-z0-9]*$ ]] || die "OVL_PREFIX '$P' must be lower-case letters and digits"
}

up() {
  local n=${1:-3}
  check_prefix
  down >/dev/null 2>&1   # leftovers of a lab with this prefix that was killed
  [ -z "$(ip -4 route show to match "$MGMT.254" | grep -v '^default')" ] ||
    die "the management subnet $MGMT.0/24 is in use here ($(ip -4 route show to match "$MGMT.254" | grep -v '^default' | head -1)): choose another with OVL_MGMT"
  mkdir -p "$RUN" "$LOGS"
  # the underlay: a Linux bridge in its own namespace, no address, no OpenFlow
  ip netns add "$P-u" || die "cannot create namespace $P-u"
  quiet_ns u
  nsx u ip link add ul type bridge
  nsx u ip link set ul up
  # the management bridge in the root namespace: the controller listens on $MGMT.254
  ip link add "$P-m" type bridge || die "cannot create bridge $P-m"
  sysctl -qw "net.ipv6.conf.$P-m.disable_ipv6=1"
  ip addr add "$MGMT.254/24" dev "$P-m"
  ip link set "$P-m" up
  for h in $(seq 1 "$n"); do hv_add "$h"; done
}

hv_add() {
  local h=$1 dpid=${2:-$(dpid_of "$1")} d=$RUN/hv$1 ep=$UNET.$1
  [[ $h =~ ^[0-9]+$ ]] && [ "$h" -ge 1 ] && [ "$h" -le 253 ] || die "hypervisor number must be 1..253"
  ip netns list | grep -qw "$P-u" || die "the lab is not up (no namespace $P-u)"
  mkdir -p "$d"
  ip netns add "$P-hv$h" || die "cannot create namespace $P-hv$h"
  quiet_ns "hv$h"
  # only the interface holding an address answers ARP for it (the kernel would also answer for
  # the endpoint on `uplink`, which it sees although OVS owns it)
  nsx "hv$h" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.default.arp_ignore=1
  # the management path: root $P-mH (on bridge $P-m) <-> mgmt in hvH
  ip link add "$P-m$h" type veth peer name mgmt netns "$P-hv$h"
  sysctl -qw "net.ipv6.conf.$P-m$h.disable_ipv6=1"
  ip link set "$P-m$h" master "$P-m" up
  nsx "hv$h" ip addr add "$MGMT.$h/24" dev mgmt
  nsx "hv$h" ip link set mgmt up
  # the underlay cable: uplink in hvH <-> hvH on the underlay bridge
  ip link add uplink netns "$P-hv$h" type veth peer name "hv$h" netns "$P-u"
  local mtu; mtu=$(nsx u cat /sys/class/net/ul/mtu)
  nsx u ip link set "hv$h" mtu "$mtu" master ul up
  nsx "hv$h" ip link set uplink mtu "$mtu" up
  # this hypervisor's own Open vSwitch, in its namespace
  ovsdb-tool create "$d/conf.db" "$SCHEMA" || die "ovsdb-tool create $d/conf.db failed"
  OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$LOGS detached ip netns exec "$P-hv$h" \
    ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
      --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
      --pidfile="$d/ovsdb-server.pid" --unixctl="$d/ovsdb-server.ctl" \
      --log-file="$LOGS/hv$h-ovsdb-server.log" --no-chdir --detach \
    || die "ovsdb-server of hv$h did not start (log: $LOGS/hv$h-ovsdb-server.log)"
  vsctl "$h" --no-wait init -- set open_vswitch . external_ids:system-id="$P-hv$h" \
    external_ids:hostname="$P-hv$h"
  OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$LOGS detached ip netns exec "$P-hv$h" \
    ovs-vswitchd "unix:$d/db.sock" --pidfile="$d/ovs-vswitchd.pid" --unixctl="$d/ovs-vswitchd.ctl" \
      --log-file="$LOGS/hv$h-ovs-vswitchd.log" --no-chdir --detach \
    || die "ovs-vswitchd of hv$h did not start (log: $LOGS/hv$h-ovs-vswitchd.log)"
  vsctl "$h" add-br br-phy -- set bridge br-phy datapath_type=netdev fail_mode=standalone \
    -- add-port br-phy uplink
  nsx "hv$h" sysctl -qw net.ipv6.conf.br-phy.disable_ipv6=1 2>/dev/null
  nsx "hv$h" ip addr add "$ep/24" dev br-phy
  nsx "hv$h" ip link set br-phy up
  vsctl "$h" add-br br-int -- set bridge br-int datapath_type=netdev fail_mode=secure \
    protocols=OpenFlow13 other_config:datapath-id="$dpid"
  nsx "hv$h" sysctl -qw net.ipv6.conf.br-int.disable_ipv6=1 2>/dev/null
  if [ "$TUNNEL" != none ]; then
    vsctl "$h" add-port br-int "$TUN" -- set interface "$TUN" type="$TUNNEL" \
      options:remote_ip=flow options:key=flow options:local_ip="$ep"
  fi
  [ "$CONTROLLER" != none ] && vsctl "$h" set-controller br-int "$CONTROLLER" \
    -- set controller br-int max_backoff=1000
  [ -n "$MANAGER" ] && vsctl "$h" set-manager "$MANAGER"
  true
}

host_add() {
  local name=$1 h=$2 ip=$3 mac=$4 mtu=${5:-1500}
  [ $# -ge 4 ] || die "usage: host-add NAME HV IP/LEN|- MAC [MTU]"
  [[ $name =~ ^[a-z][a-z0-9]{0,11}$ ]] || die "host name '$name': 1-12 lower-case letters and digits"
  [[ $name =~ ^(u|m|hv[0-9]+)$ ]] && die "host name '$name' is reserved"
  ip netns list | grep -qw "$P-hv$h" || die "no hypervisor $h"
  ip netns add "$P-$name" || die "cannot create namespace $P-$name"
  quiet_ns "$name"
  ip link add eth0 netns "$P-$name" type veth peer name "vm-$name" netns "$P-hv$h"
  nsx "hv$h" ip link set "vm-$name" mtu "$mtu" up   # as the host's: see host_mtu
  nsx "hv$h" ethtool -K "vm-$name" tx off >/dev/null
  vsctl "$h" add-port br-int "vm-$name" -- set interface "vm-$name" external_ids:attached-mac="$mac" \
    external_ids:iface-id="$name"
  nsx "$name" ip link set eth0 address "$mac" mtu "$mtu" up
  nsx "$name" ethtool -K eth0 tx off >/dev/null   # LAB.md: TCP needs TX checksum offload off
  [ "$ip" != - ] && nsx "$name" ip addr add "$ip" dev eth0
  true
}

set_mtu() {
  local m=$1
  nsx u ip link set ul mtu "$m"
  for hv in $(hvs); do
    nsx u ip link set "hv$hv" mtu "$m"
    nsx "hv$hv" ip link set uplink mtu "$m"
    vsctl "$hv" set interface uplink mtu_request="$m"
  done
}

# A tenant host's MTU, on both ends of its cable: each end drops what exceeds its own MTU.
host_mtu() {
  local name=$1 m=$2 h
  nsx "$name" ip link set eth0 mtu "$m"
  for h in $(hvs); do nsx "hv$h" ip link show "vm-$name" >/dev/null 2>&1 && nsx "hv$h" ip link set "vm-$name" mtu "$m"; done
  true
}

hvs() { ip netns list | awk -v p="$P-hv" 'index($1, p) == 1 {print substr($1, length(p) + 1)}' | sort -n; }
hosts() { ip netns list | awk -v p="$P-" '
  index($1, p) == 1 { n = substr($1, length(p) + 1); if (n != "u" && n !~ /^hv[0-9]+$/) print n }' | sort; }

status() {
  local h
  for h in $(hvs); do
    local d=$RUN/hv$h
    echo "hv=$h ns=$P-hv$h dpid=$(vsctl "$h" get bridge br-int other_config:datapath-id | tr -d '"')" \
      "system_id=$(vsctl "$h" get open_vswitch . external_ids:system-id | tr -d '"')" \
      "endpoint=$UNET.$h mgmt=$MGMT.$h controller=$(vsctl "$h" get-controller br-int | head -1)" \
      "tunnel_ofport=$(vsctl "$h" --if-exists get interface "$TUN" ofport)" \
      "db=unix:$d/db.sock ofctl=unix:$d/br-int.mgmt vswitchd=$(cat "$d/ovs-vswitchd.pid" 2>/dev/null)" \
      "ovsdb=$(cat "$d/ovsdb-server.pid" 2>/dev/null)"
  done
  local ports="" n at
  for h in $(hvs); do   # "hv vm-name ofport" for every tenant port
    ports="$ports$(vsctl "$h" -f csv --no-headings --columns=name,ofport list interface | tr ',' ' ' |
      awk -v h="$h" '$1 ~ /^vm-/ {print h, $1, $2}')
"
  done
  for n in $(hosts); do
    at=$(echo "$ports" | awk -v p="vm-$n" '$2 == p {print $1, $3}')
    echo "host=$n ns=$P-$n hv=${at% *} port=vm-$n ofport=${at#* }" $(nsx "$n" sh -c \
      'echo mac=$(cat /sys/class/net/eth0/address) ip=$(ip -4 -o addr show dev eth0 | awk "{print \$4}" | head -1) mtu=$(cat /sys/class/net/eth0/mtu)')
  done
}

# Stops every process in the lab's namespaces (its Open vSwitch daemons through their pidfiles
# first, so they exit cleanly), then removes the namespaces, veths and the management bridge.
down() {
  local d pid ns
  for d in "$RUN"/hv*; do
    [ -d "$d" ] || continue
    for f in ovs-vswitchd ovsdb-server; do
      pid=$(cat "$d/$f.pid" 2>/dev/null) || continue
      [[ $pid =~ ^[0-9]+$ ]] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(command -v $f)" ] \
        && kill "$pid" 2>/dev/null
    done
  done
  for ns in $(ip netns list | awk -v p="$P-" 'index($1, p) == 1 {print $1}'); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null; done
  done
  sleep 0.2
  for ns in $(ip netns list | awk -v p="$P-" 'index($1, p) == 1 {print $1}'); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  done
  # the root ends first: a deleted namespace frees its veths later, and `up` would collide
  for d in /sys/class/net/"$P"-m*; do
    [ -e "$d" ] || continue
    [ "${d##*/}" = "$P-m" ] || ip link del "${d##*/}" 2>/dev/null
  done
  ip link del "$P-m" 2>/dev/null
  for ns in $(ip netns list | awk -v p="$P-" 'index($1, p) == 1 {print $1}'); do ip netns del "$ns"; done
  rm -rf "$RUN"
  true
}

# --- selftest: the spike of docs/lab.md, "Overlay lab: one Open vSwitch per hypervisor" ---------
# Three hypervisors; VPC A (VNI 5000) and VPC B (VNI 16777215) with the same addresses:
# a1 (hv1) a2 (hv2) a3 (hv3) 10.0.0.11-13, b1 (hv1) b2 (hv2) 10.0.0.11-12, b3 (hv3) 10.0.0.23.
SELF_HOSTS="a1 1 10.0.0.11 02:00:00:00:0a:11 5000
a2 2 10.0.0.12 02:00:00:00:0a:12 5000
a3 3 10.0.0.13 02:00:00:00:0a:13 5000
b1 1 10.0.0.11 02:00:00:00:0b:11 16777215
b2 2 10.0.0.12 02:00:00:00:0b:12 16777215
b3 3 10.0.0.23 02:00:00:00:0b:23 16777215"

# Hand-written flows on hypervisor $1: table 0 only. A host's IP packet to a same-VPC address is
# output to the local port, or sent with tun_id = the VPC's VNI and tun_dst = the endpoint of the
# address's hypervisor; what arrives on the tunnel is delivered by (VNI, destination address).
static_flows() {
  local me=$1 tun; tun=$(vsctl "$me" get interface "$TUN" ofport)
  echo "$SELF_HOSTS" | while read -r n h ip mac vni; do
    [ "$h" = "$me" ] || continue
    local p; p=$(vsctl "$me" get interface "vm-$n" ofport)
    echo "table=0,priority=100,in_port=$tun,tun_id=$vni,ip,nw_dst=$ip actions=output:$p"
    echo "$SELF_HOSTS" | while read -r n2 h2 ip2 mac2 vni2; do
      [ "$vni2" = "$vni" ] && [ "$n2" != "$n" ] || continue
      if [ "$h2" = "$me" ]; then
        echo "table=0,priority=100,in_port=$p,ip,nw_dst=$ip2 actions=output:$(vsctl "$me" get interface "vm-$n2" ofport)"
      else
        echo "table=0,priority=100,in_port=$p,ip,nw_dst=$ip2 actions=set_field:$vni->tun_id,set_field:$UNET.$h2->tun_dst,output:$tun"
      fi
    done
  done
}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}'; }
selftest() {
  local t0=$EPOCHREALTIME out=$DIR/out
  OVL_CONTROLLER=none CONTROLLER=none up 3 || die "up failed"
  mkdir -p "$out"
  echo "$SELF_HOSTS" | while read -r n h ip mac vni; do host_add "$n" "$h" "$ip/24" "$mac" 1450; done
  # static ARP, as the controller's ARP answers would fill it (same VPC only)
  echo "$SELF_HOSTS" | while read -r n h ip mac vni; do
    echo "$SELF_HOSTS" | while read -r n2 h2 ip2 mac2 vni2; do
      [ "$vni2" = "$vni" ] && [ "$n2" != "$n" ] && nsx "$n" ip neigh replace "$ip2" lladdr "$mac2" dev eth0 nud permanent
    done; done
  for h in 1 2 3; do static_flows "$h" > "$out/flows-hv$h.txt"; ofctl "$h" add-flows "$out/flows-hv$h.txt"; done
  echo "== up: 3 hypervisors, 6 hosts, flows in $(elapsed "$t0") s"
  status | sed 's/^/   /'
  echo "== first packets (OVS resolves each tunnel next hop by ARP; a1 -> a2 and back)"
  echo "   a1 -> 10.0.0.12, 3 pings 0.2 s apart: $(nsx a1 ping -n -c 3 -i 0.2 -W 1 10.0.0.12 | grep -o '[0-9]* received')"
  for h in 1 2 3; do echo "   hv$h tnl/neigh: $(ovs-appctl -t "$RUN/hv$h/ovs-vswitchd.ctl" tnl/neigh/show | awk 'NR>2 {printf "%s %s; ", $1, $2}')"; done
  for c in a1 a2 a3 b1 b2 b3; do for d in 10.0.0.11 10.0.0.12 10.0.0.13 10.0.0.23; do
    nsx "$c" ping -n -c 1 -W 0.3 "$d" >/dev/null 2>&1; done; done   # warm every pair
  # background commands run as `ip netns exec ... &` (no function, no subshell), so that $! is the
  # command itself: ip execs it
  ip netns exec "$P-u" tcpdump -i ul -nn -U -w "$out/underlay.pcap" >/dev/null 2>&1 &
  local cap=$!; sleep 1
  echo "== traffic (capture on the underlay bridge running), from $(elapsed "$t0") s"
  for pair in "a1 10.0.0.12" "a1 10.0.0.13" "a3 10.0.0.12" "b1 10.0.0.12" "b3 10.0.0.11" "a1 10.0.0.11" ; do
    set -- $pair; echo "   $1 -> $2: $(nsx "$1" ping -n -c 3 -i 0.2 -W 1 "$2" 2>&1 | grep -oE '[0-9]+ received|[0-9]+ duplicates' | tr '\n' ' ')"
  done
  echo "   b1 -> 10.0.0.13 (only VPC A has it): $(nsx b1 ping -n -c 3 -i 0.2 -W 1 10.0.0.13 | grep -o '[0-9]* received')"
  echo "   a3 -> 10.0.0.23 (only VPC B has it): $(nsx a3 ping -n -c 3 -i 0.2 -W 1 10.0.0.23 | grep -o '[0-9]* received')"
  for s in a2 b2; do ip netns exec "$P-$s" /usr/bin/python3 "$DIR/../overlay-spike/tcpname.py" serve "$s" 8080 >/dev/null 2>&1 & done
  sleep 1
  for c in a1 b1 a3 b3; do echo "   TCP $c -> 10.0.0.12:8080 (1 MB): $(nsx "$c" /usr/bin/python3 "$DIR/../overlay-spike/tcpname.py" ask 10.0.0.12 8080 1000000)"; done
  local lo=1300 hi=1472 m
  for n in a1 a2; do host_mtu "$n" 1500; done
  while [ $lo -lt $hi ]; do m=$(( (lo + hi + 1) / 2 ))
    if nsx a1 ping -M do -c 1 -W 1 -s $m 10.0.0.12 >/dev/null 2>&1; then lo=$m; else hi=$((m - 1)); fi; done
  echo "   underlay MTU $(nsx u cat /sys/class/net/ul/mtu): largest DF ping payload a1 -> a2 = $lo (IP $((lo + 28)))"
  set_mtu 1550
  lo=1300; hi=1472
  while [ $lo -lt $hi ]; do m=$(( (lo + hi + 1) / 2 ))
    if nsx a1 ping -M do -c 1 -W 1 -s $m 10.0.0.12 >/dev/null 2>&1; then lo=$m; else hi=$((m - 1)); fi; done
  echo "   underlay MTU 1550: largest DF ping payload a1 -> a2 = $lo (IP $((lo + 28)))"
  set_mtu 1500
  for n in a1 a2; do host_mtu "$n" 1450; done
  echo "== hypervisor 4 and host a4 (VPC A, 10.0.0.14) added while a1 pings a2 every 50 ms"
  ip netns exec "$P-a1" ping -n -i 0.05 -W 1 10.0.0.12 > "$out/ping-during-add.txt" 2>&1 &
  local pinger=$! ta=$EPOCHREALTIME
  sleep 1
  hv_add 4
  host_add a4 4 10.0.0.14/24 02:00:00:00:0a:14 1450
  SELF_HOSTS="$SELF_HOSTS
a4 4 10.0.0.14 02:00:00:00:0a:14 5000"
  for n in a1 a2 a3; do nsx "$n" ip neigh replace 10.0.0.14 lladdr 02:00:00:00:0a:14 dev eth0 nud permanent; done
  for ip in 11 12 13; do nsx a4 ip neigh replace "10.0.0.$ip" lladdr "02:00:00:00:0a:$ip" dev eth0 nud permanent; done
  for h in 1 2 3 4; do static_flows "$h" > "$out/flows-hv$h.txt"; ofctl "$h" replace-flows "$out/flows-hv$h.txt"; done
  echo "   hv4 and a4 added, flows replaced on all four in $(elapsed "$ta") s"
  nsx a1 ping -n -c 1 -W 1 10.0.0.14 >/dev/null 2>&1; nsx a4 ping -n -c 1 -W 1 10.0.0.12 >/dev/null 2>&1
  echo "   a1 -> 10.0.0.14: $(nsx a1 ping -n -c 3 -i 0.2 -W 1 10.0.0.14 | grep -o '[0-9]* received'), a4 -> 10.0.0.12: $(nsx a4 ping -n -c 3 -i 0.2 -W 1 10.0.0.12 | grep -o '[0-9]* received'), b1 -> 10.0.0.14 (not in VPC B): $(nsx b1 ping -n -c 3 -i 0.2 -W 1 10.0.0.14 | grep -o '[0-9]* received')"
  kill -INT $pinger; wait $pinger 2>/dev/null
  echo "   a1 -> a2 meanwhile: $(grep -E 'transmitted' "$out/ping-during-add.txt")"
  sleep 1; kill -TERM $cap; wait $cap 2>/dev/null
  echo "== the underlay capture: frames by kind"
  tcpdump -r "$out/underlay.pcap" -nn 2>/dev/null | awk '
    / > [0-9.]+\.6081: / { print "Geneve (UDP 6081)"; next }
    /ARP/ { print "ARP"; next }
    { print "OTHER: " $0 }' | sort | uniq -c | sed 's/^/   /'
  echo "   Geneve by outer source > destination, VNI, inner source > destination:"
  tcpdump -r "$out/underlay.pcap" -nn 2>/dev/null | awk '/ > [0-9.]+\.6081: Geneve/ {
      s = $3; d = $5; sub(/\.[0-9]+$/, "", s); sub(/\.6081:$/, "", d)
      match($0, /vni 0x[0-9a-f]+/); v = substr($0, RSTART + 4, RLENGTH - 4)
      match($0, /: IP [0-9.]+ > [0-9.]+/); split(substr($0, RSTART + 5, RLENGTH - 5), in_, " > ")
      print s " > " d "  vni " v "  " in_[1] " > " in_[2] }' | sort | uniq -c | sed 's/^/   /'
  echo "== selftest took $(elapsed "$t0") s"
}

cmd=${1:-}; shift || true
case $cmd in
  up) up "$@" ;;
  hv-add) check_prefix; hv_add "$@" ;;
  host-add) host_add "$@" ;;
  mtu) set_mtu "$@" ;;
  host-mtu) host_mtu "$@" ;;
  status) status ;;
  ofctl) h=$1; shift; ofctl "$h" "$@" ;;
  vsctl) h=$1; shift; vsctl "$h" "$@" ;;
  exec) n=$1; shift; nsx "$n" "$@" ;;
  down) down ;;
  selftest) trap down EXIT; selftest ;;
  *) sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//' | grep -v '^set -u'; exit 2 ;;
esac
