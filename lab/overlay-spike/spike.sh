#!/bin/bash
# Skylane overlay spike (issue #14): three "hypervisors" on one Open vSwitch 3.1 (userspace datapath).
# Hypervisor N = integration bridge ovlhN (netdev, fail_mode=secure, the bridge Skylane programs) with
# one flow-based Geneve port (ofport 100) and one flow-based VXLAN port (ofport 101), plus a physical
# bridge ovlpN (netdev, NORMAL, not Skylane's) holding the endpoint address $UNET.N on its internal
# port and a veth into the underlay: a Linux bridge `ovlu` in namespace ovl-u, which no controller
# programs. Tenant hosts are namespaces ovl-<name>. See docs/overlay-design.md.
# Usage: spike.sh all | up | down | pipeline ENCAP | connect ENCAP | mtu ENCAP | bcast ENCAP |
#        pmtu | ovsdb | fabric | zones | golden      (ENCAP = geneve | vxlan; see the bottom)
# Each step touches OVS: run it under `flock -o /tmp/skylane-mininet.lock` (spike.sh all does); -o, or
# the servers and captures it starts in the background inherit the lock and keep it (docs/lab.md).
set -u
OF="ovs-ofctl -O OpenFlow13"
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$DIR/out
LOCK=/tmp/skylane-mininet.lock
UNET=172.31.199                               # underlay: endpoint of hypervisor N = $UNET.N/24
peer_ip() { echo 172.31.$((200 + $1)).$2; }   # how hypervisor $1 addresses hypervisor $2 (lab alias)
HVS="1 2 3"
declare -A TUN=([geneve]=100 [vxlan]=101)     # tunnel ofport on every ovlhN
declare -A UDP=([geneve]=6081 [vxlan]=4789)
TMTU=${TMTU:-1450}                            # tenant MTU (DHCP option 26), see mtu
SEG_A=${SEG_A:-5000}; SEG_B=${SEG_B:-16777215}
swmac() { printf "0e:5c:02:00:00:%02x" $1; }  # switch MAC of hypervisor N (as in fabric mode)
RMAC=0e:5c:01:00:00:01
# name hypervisor ofport ip mac vpc
PORTS="a1 1 1 10.0.0.11 02:00:00:00:0a:11 A
a2 2 1 10.0.0.12 02:00:00:00:0a:12 A
a3 3 1 10.0.0.13 02:00:00:00:0a:13 A
b1 1 2 10.0.0.11 02:00:00:00:0b:11 B
b2 2 2 10.0.0.12 02:00:00:00:0b:12 B"
field() { echo "$PORTS" | awk -v n="$1" -v f="$2" '$1==n {print $f}'; }
seg() { [ $1 = A ] && echo $SEG_A || echo $SEG_B; }
ns() { ip netns exec ovl-$1 "${@:2}"; }
uns() { ip netns exec ovl-u "$@"; }

up() {
  ip netns add ovl-u
  uns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1  # no RS noise
  uns ip link add ovlu type bridge; uns ip link set ovlu up; uns ip link set lo up
  # the underlay router: $UNET.254 on the Linux bridge, and the aliases (see peer_ip) DNATed
  uns ip link set ovlu address 02:00:00:00:fe:fe; uns ip addr add $UNET.254/24 dev ovlu
  uns sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.ovlu.send_redirects=0 \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.ovlu.rp_filter=0
  # br_netfilter is built in here: with it, bridged frames also pass the DNAT below and every
  # tunnel packet arrives two to four times (pitfall)
  uns sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0
  local map=""; for h in $HVS; do for o in $HVS; do map="$map$(peer_ip $h $o) : $UNET.$o, "; done; done
  uns nft -f - <<NFT
table ip ovl {
  chain pre {
    type nat hook prerouting priority -100;
    dnat to ip daddr map { ${map%, } }
  }
}
NFT
  for n in $HVS; do
    ip link add ovlv$n type veth peer name u$n netns ovl-u
    uns ip link set u$n master ovlu; uns ip link set u$n up
    # the root namespace's kernel also sees what arrives on an OVS port: it must not answer ARP there
    sysctl -qw net.ipv6.conf.ovlv$n.disable_ipv6=1 net.ipv4.conf.ovlv$n.arp_ignore=8; ip link set ovlv$n up
    ovs-vsctl --may-exist add-br ovlp$n -- set bridge ovlp$n datapath_type=netdev \
      -- add-port ovlp$n ovlv$n
    sysctl -qw net.ipv6.conf.ovlp$n.disable_ipv6=1
    ip addr add $UNET.$n/24 dev ovlp$n; ip link set ovlp$n up
    # the three endpoint addresses live in one kernel: answer ARP only on the interface holding it
    sysctl -qw net.ipv4.conf.ovlp$n.arp_ignore=1 net.ipv4.conf.ovlp$n.arp_announce=2
    # No unknown-unicast flooding in the underlay: OVS decapsulates any frame that reaches a
    # bridge's LOCAL port with a local endpoint address, whichever bridge (pitfall, see the doc)
    uns bridge fdb replace $(cat /sys/class/net/ovlp$n/address) dev u$n master static
    uns bridge link set dev u$n flood off
    # One OVS, one route table, and every endpoint address is local to it: hypervisor N reaches
    # hypervisor M at the alias 172.31.(200+N).M, routed through the underlay router, which DNATs it
    # to $UNET.M. A real hypervisor has one endpoint and needs none of this (docs/overlay-design.md).
    ovs-appctl ovs/route/add $(peer_ip $n 0)/24 ovlp$n $UNET.254 >/dev/null
    ovs-vsctl --may-exist add-br ovlh$n -- set bridge ovlh$n datapath_type=netdev fail_mode=secure \
      protocols=OpenFlow13 other-config:datapath-id=00000000000000a$n \
      -- add-port ovlh$n ovlg$n -- set interface ovlg$n type=geneve ofport_request=100 \
         options:remote_ip=flow options:key=flow options:local_ip=$UNET.$n \
      -- add-port ovlh$n ovlx$n -- set interface ovlx$n type=vxlan ofport_request=101 \
         options:remote_ip=flow options:key=flow options:local_ip=$UNET.$n
  done
  echo "$PORTS" | while read n h p ip mac vpc; do
    ip netns add ovl-$n
    ip link add ovl$h-$n type veth peer name eth0 netns ovl-$n
    sysctl -qw net.ipv6.conf.ovl$h-$n.disable_ipv6=1 net.ipv4.conf.ovl$h-$n.arp_ignore=8
    ip link set ovl$h-$n up; ethtool -K ovl$h-$n tx off >/dev/null
    ovs-vsctl add-port ovlh$h ovl$h-$n -- set interface ovl$h-$n ofport_request=$p
    ns $n ip link set lo up; ns $n ip link set eth0 address $mac
    ns $n ip addr add $ip/24 dev eth0; ns $n ip link set eth0 mtu $TMTU up
    ns $n ethtool -K eth0 tx off >/dev/null              # LAB.md: TCP needs TX checksum offload off
    ns $n sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
    # static ARP as the controller's ARP answers would give (same VPC only)
    echo "$PORTS" | while read n2 h2 p2 ip2 mac2 vpc2; do
      [ $n2 != $n ] && [ $vpc2 = $vpc ] && ns $n ip neigh replace $ip2 lladdr $mac2 dev eth0 nud permanent; done
  done
  true
}

down() {
  for f in $OUT/*.pid; do [ -f $f ] && kill $(cat $f) 2>/dev/null; rm -f $f; done
  # delete the veths first: a deleted namespace frees its devices later, and `up` would collide
  echo "$PORTS" | while read n h x; do ip link del ovl$h-$n 2>/dev/null; done
  for n in $HVS; do ip link del ovlv$n 2>/dev/null; done
  for n in $(echo "$PORTS" | awk '{print $1}') u; do ip netns del ovl-$n 2>/dev/null; done
  for n in $HVS; do
    ovs-vsctl --if-exists del-br ovlh$n -- --if-exists del-br ovlp$n
    ovs-appctl ovs/route/del $(peer_ip $n 0)/24 >/dev/null 2>&1
    ip link del ovlv$n 2>/dev/null
  done
  ip link del ovlf1 2>/dev/null
  ovs-appctl -t ovsdb-server ovsdb-server/remove-remote ptcp:16640:127.0.0.1 >/dev/null 2>&1
  true
}

# hypervisors holding ports of VPC $1, and the ports of VPC $1 on hypervisor $2
hvs_of() { echo "$PORTS" | awk -v v=$1 '$6==v {print $2}' | sort -u; }
local_ports() { echo "$PORTS" | awk -v v=$1 -v h=$2 '$6==v && $2==h {print $3}'; }
group_id() { [ $1 = A ] && echo 1 || echo 2; }

# The overlay pipeline (docs/overlay-design.md §7), cut down: no ACL tables (2,3,7,8).
flows() { local h=$1 encap=$2 t=${TUN[$2]}
  echo "table=1,priority=1 actions=drop"
  for v in A B; do s=$(seg $v); M="$s/0xffffff"
    [ -z "$(local_ports $v $h)" ] && continue
    # table 0: tunnel input by VNI, only for VPCs with a port here
    echo "table=0,priority=3000,in_port=$t,tun_id=$s actions=write_metadata:$M,goto_table:6"
    # broadcast of the VPC: group ALL, local ports and one bucket per remote hypervisor of the VPC
    echo "table=4,priority=3300,metadata=$M,dl_dst=ff:ff:ff:ff:ff:ff actions=group:$(group_id $v)"
    echo "table=6,priority=3300,metadata=$M,dl_dst=ff:ff:ff:ff:ff:ff actions=$(for p in $(local_ports $v $h); do printf "output:%s," $p; done | sed 's/,$//')"
  done
  echo "$PORTS" | while read n ph p ip mac vpc; do s=$(seg $vpc); M="$s/0xffffff"
    [ -z "$(local_ports $vpc $h)" ] && continue
    if [ $ph = $h ]; then
      echo "table=0,priority=3100,in_port=$p actions=write_metadata:$M,goto_table:1"
      echo "table=1,priority=3200,in_port=$p,dl_src=$mac,ip,nw_src=$ip actions=goto_table:4"
      echo "table=4,priority=3200,metadata=$M,ip,nw_dst=$ip actions=goto_table:6"
      echo "table=6,priority=3200,metadata=$M,ip,nw_dst=$ip actions=set_field:$mac->eth_dst,output:$p"
    else  # remote port: the VNI and the destination hypervisor's switch MAC; table 5 tunnels
      echo "table=4,priority=3200,metadata=$M,ip,nw_dst=$ip actions=set_field:$(swmac $ph)->eth_dst,set_field:$s->tun_id,goto_table:5"
    fi
  done
  for o in $HVS; do [ $o != $h ] &&
    echo "table=5,priority=3100,dl_dst=$(swmac $o) actions=set_field:$(peer_ip $h $o)->tun_dst,output:$t"; done
}
groups() { local h=$1 t=${TUN[$2]}
  for v in A B; do s=$(seg $v); [ -z "$(local_ports $v $h)" ] && continue
    b=""; for p in $(local_ports $v $h); do b="$b,bucket=actions=output:$p"; done
    for o in $(hvs_of $v); do [ $o != $h ] && b="$b,bucket=actions=set_field:$s->tun_id,set_field:$(peer_ip $h $o)->tun_dst,output:$t"; done
    echo "group_id=$(group_id $v),type=all$b"; done; }
pipeline() { local encap=${1:-geneve}
  for h in $HVS; do
    $OF del-flows ovlh$h; $OF del-groups ovlh$h
    groups $h $encap > $OUT/groups-$encap-ovlh$h.txt; flows $h $encap > $OUT/flows-$encap-ovlh$h.txt
    $OF add-groups ovlh$h $OUT/groups-$encap-ovlh$h.txt; $OF add-flows ovlh$h $OUT/flows-$encap-ovlh$h.txt
  done; }

servers() { echo "$PORTS" | while read n x; do
    ip netns exec ovl-$n /usr/bin/python3 $DIR/tcpname.py serve $n 8080 > /dev/null 2>&1 & echo $! > $OUT/server-$n.pid; done; sleep 1; }
stopservers() { for f in $OUT/server-*.pid; do [ -f $f ] && kill $(cat $f) 2>/dev/null; rm -f $f; done; }
pcap_start() { uns timeout ${2:-15} tcpdump -i ovlu -nn -U -w $OUT/$1.pcap >/dev/null 2>&1 & sleep 1; }
pcap_stop() { sleep 1; uns pkill -INT -f "tcpdump -i ovlu" 2>/dev/null; sleep 1; }
ping1() { ns $1 ping -c ${3:-2} -i 0.2 -W 1 $2 | grep -E 'transmitted' | sed "s/^/   $1 -> $2: /"; }

# 1. ping and TCP across hypervisors, two VPCs with the same addresses, the underlay capture
warm() {  # the first packet towards an unresolved tunnel next hop is dropped while OVS ARPs for it
  for c in a1 a3 b1; do for d in 10.0.0.11 10.0.0.12 10.0.0.13; do ns $c ping -c 1 -W 0.3 $d >/dev/null 2>&1; done; done; }
connect() { local e=$1; pipeline $e; servers; warm; pcap_start connect-$e
  echo "== $e: VPC A = VNI $SEG_A (a1@hv1 a2@hv2 a3@hv3), VPC B = VNI $SEG_B (b1@hv1 b2@hv2), same IPs"
  ping1 a1 10.0.0.12; ping1 a1 10.0.0.13; ping1 a3 10.0.0.12; ping1 b1 10.0.0.12
  echo "   b1 -> 10.0.0.13 (no such port in VPC B): $(ns b1 ping -c 2 -i 0.2 -W 1 10.0.0.13 | grep -o '[0-9]* received')"
  for c in a1 b1 a3; do echo "   TCP $c -> 10.0.0.12:8080 (100 kB): $(ns $c /usr/bin/python3 $DIR/tcpname.py ask 10.0.0.12 8080 100000)"; done
  ns b1 ip addr add 10.0.0.99/32 dev eth0
  echo "   spoofed source (b1 sends from 10.0.0.99, table 1 drops): $(ns b1 ping -c 2 -W 1 -I 10.0.0.99 10.0.0.12 2>&1 | grep -o '[0-9]* received')"
  ns b1 ip addr del 10.0.0.99/32 dev eth0
  pcap_stop; stopservers
  echo "   underlay capture (ovlu in ovl-u): frames by kind (each tunnel packet is seen twice: in to"
  echo "   the router as sent to the lab alias, and out of it to the endpoint address):"
  tcpdump -r $OUT/connect-$e.pcap -nn 2>/dev/null | grep -E '^[0-9]{2}:' | awk '{ if ($0 ~ / > [0-9.]+\.(6081|4789): /) { split($5, d, "."); print "UDP to port " d[5] } else if ($0 ~ /ARP/) print "ARP (underlay)"; else print "OTHER: " $0 }' | tr -d : | sort | uniq -c | sed 's/^/     /'
  echo "   tunnel packets by VNI and inner source MAC (VPC A = 02:..:0a:.., VPC B = 02:..:0b:..):"
  tcpdump -r $OUT/connect-$e.pcap -nn -e -v 2>/dev/null | awk '/vni/ {match($0, /vni (0x[0-9a-f]+|[0-9]+)/); v=substr($0, RSTART, RLENGTH)} /^[ \t]*02:00:00:00:0[ab]/ {print v, "inner src", $1}' | sort | uniq -c | sed 's/^/     /'
  echo "   sample:"; tcpdump -r $OUT/connect-$e.pcap -nn 2>/dev/null | grep -A1 -m 2 -E 'Geneve|VXLAN' | cut -c 1-200 | sed 's/^/     /'
}

# 2. MTU: the largest don't-fragment ping that crosses, what happens to a larger one
mtu() { local e=$1; pipeline $e; warm
  for n in a1 a2; do ns $n ip link set eth0 mtu 1500; done
  echo "== $e: underlay MTU $(cat /sys/class/net/ovlv1/mtu), tenant MTU 1500"
  lo=1300; hi=1472
  while [ $lo -lt $hi ]; do m=$(( (lo + hi + 1) / 2 ))
    if ns a1 ping -M do -c 1 -W 1 -s $m 10.0.0.12 >/dev/null 2>&1; then lo=$m; else hi=$((m - 1)); fi; done
  echo "   largest DF ping payload a1 -> a2: $lo (IP packet $((lo + 28)), inner frame $((lo + 42)), outer IP $((lo + 42 + ${OVH[$e]})))"
  before=$(ovs-vsctl get interface ovlv1 statistics:tx_dropped 2>/dev/null)
  ovs-appctl coverage/show > $OUT/cov-before-$e.txt
  ns a1 timeout 5 tcpdump -i eth0 -nn -c 5 icmp > $OUT/mtu-icmp-$e.txt 2>/dev/null & sleep 1
  echo "   DF ping payload $((lo + 1)) (and 1472): $(ns a1 ping -M do -c 3 -i 0.2 -W 1 -s $((lo + 1)) 10.0.0.12 | grep -o '[0-9]* received'), $(ns a1 ping -M do -c 3 -i 0.2 -W 1 -s 1472 10.0.0.12 | grep -o '[0-9]* received')"
  sleep 3; ovs-appctl coverage/show > $OUT/cov-after-$e.txt
  echo "   ICMP seen by a1 (is there a frag-needed?): $(grep -c 'need to frag\|unreachable' $OUT/mtu-icmp-$e.txt) unreachable, $(grep -c 'echo request' $OUT/mtu-icmp-$e.txt) requests"
  echo "   ovlv1 tx_dropped: $before -> $(ovs-vsctl get interface ovlv1 statistics:tx_dropped)"
  echo "   coverage counters that moved (total before -> after):"
  join <(awk '/total/ {print $1, $NF}' $OUT/cov-before-$e.txt | sort) <(awk '/total/ {print $1, $NF}' $OUT/cov-after-$e.txt | sort) -a 2 \
    | awk 'NF==3 && $2 != $3 {print "     " $1 ": " $2 " -> " $3} NF==2 {print "     " $1 ": new " $2}' | grep -iv 'poll\|seq_change\|util_xalloc\|hmap\|cmap\|txn\|unixctl\|stream\|rconn\|netlink\|netdev_get\|ofproto_recv\|pstream\|xmalloc\|dpif_port\|bridge_reconf' | head -30
  grep -i 'mtu\|too big\|too long' /var/log/openvswitch/ovs-vswitchd.log | tail -3 | sed 's/^/   log: /'
  echo "   tenant MTU $((lo + 28)) (DHCP option 26): TCP 200 kB a1 -> a2 with MTU 1500 and then with it:"
  servers
  echo "     mtu 1500: $(ns a1 /usr/bin/python3 $DIR/tcpname.py ask 10.0.0.12 8080 200000)"
  for n in a1 a2; do ns $n ip link set eth0 mtu $((lo + 28)); done
  echo "     mtu $((lo + 28)): $(ns a1 /usr/bin/python3 $DIR/tcpname.py ask 10.0.0.12 8080 200000)"
  echo "     DF ping payload $lo with mtu $((lo + 28)): $(ns a1 ping -M do -c 2 -i 0.2 -W 1 -s $lo 10.0.0.12 | grep -o '[0-9]* received'); payload $((lo + 1)): $(ns a1 ping -M do -c 1 -W 1 -s $((lo + 1)) 10.0.0.12 2>&1 | grep -o 'message too long.*' | head -1)"
  for n in a1 a2; do ns $n ip link set eth0 mtu $TMTU; done
  stopservers
}
declare -A OVH=([geneve]=50 [vxlan]=50)      # outer Ethernet+IP+UDP+Geneve/VXLAN header, no options

# 3. broadcast of a VPC: a group ALL with one bucket per remote hypervisor of the VPC
bcast() { local e=$1; pipeline $e; warm; pcap_start bcast-$e
  echo "== $e: a1 pings 10.0.0.255 (broadcast): group ALL on ovlh1 = local ports + buckets to hv2, hv3"
  ns a1 ping -b -c 2 -i 0.3 -W 1 10.0.0.255 2>/dev/null | grep -o 'from [0-9.]*' | sort | uniq -c | sed 's/^/   replies /'
  echo "   b1 pings 10.0.0.255 (VPC B: b1@hv1, b2@hv2 only):"
  ns b1 ping -b -c 2 -i 0.3 -W 1 10.0.0.255 2>/dev/null | grep -o 'from [0-9.]*' | sort | uniq -c | sed 's/^/   replies /'
  pcap_stop
  echo "   broadcast frames on the underlay (outer dst, VNI):"
  tcpdump -r $OUT/bcast-$e.pcap -nn -v 2>/dev/null | awk '/ > / && /UDP|udp|Geneve|VXLAN/ {split($3, a, "."); dst=a[1]"."a[2]"."a[3]"."a[4]} /vni/ {match($0, /vni (0x[0-9a-f]+|[0-9]+)/); v=substr($0, RSTART, RLENGTH)} /ff:ff:ff:ff:ff:ff|10.0.0.255/ {print "to " dst, v}' | sort | uniq -c | sed 's/^/     /'
  echo "   group stats:"; for h in $HVS; do $OF dump-group-stats ovlh$h | grep -o 'group_id=[0-9]*.*packet_count=[0-9]*' | sed "s/^/     ovlh$h /"; done
}


# 2b. check_pkt_larger before tunnel output: a too-large packet goes to the controller (which
# would answer ICMP "fragmentation needed") instead of vanishing. Tenant MTU 1500 on a1.
pmtu() { pipeline geneve; warm; local max=$((14 + 1450))   # largest inner frame the tunnel carries
  $OF del-flows ovlh1 "table=5"
  for o in 2 3; do
    echo "table=5,priority=3100,dl_dst=$(swmac $o) actions=check_pkt_larger($max)->NXM_NX_REG0[0],goto_table:15"
    echo "table=15,priority=3100,reg0=0/1,dl_dst=$(swmac $o) actions=set_field:$(peer_ip 1 $o)->tun_dst,output:100"
  done > $OUT/pmtu-ovlh1.flows
  echo "table=15,priority=3200,reg0=1/1,ip actions=controller(reason=action)" >> $OUT/pmtu-ovlh1.flows
  $OF add-flows ovlh1 $OUT/pmtu-ovlh1.flows || echo "   check_pkt_larger refused"
  ns a1 ip link set eth0 mtu 1500
  ( timeout 5 $OF -m monitor ovlh1 65534 > $OUT/pmtu-monitor.txt 2>&1 & ); sleep 1.5
  echo "== check_pkt_larger($max) in table 5 of ovlh1 (a1's MTU 1500)"
  echo "   DF payload 1422: $(ns a1 ping -M do -c 2 -i 0.2 -W 1 -s 1422 10.0.0.12 | grep -o '[0-9]* received'); 1423: $(ns a1 ping -M do -c 2 -i 0.2 -W 1 -s 1423 10.0.0.12 | grep -o '[0-9]* received')"
  sleep 3
  $OF dump-flows ovlh1 table=15 | grep -o 'n_packets=[0-9]*.*' | sed 's/^/   /'
  echo "   packet-ins seen by a monitor connection: $(grep -c 'NXT_PACKET_IN\|OFPT_PACKET_IN' $OUT/pmtu-monitor.txt)"
  grep -m 1 -A1 'PACKET_IN' $OUT/pmtu-monitor.txt | cut -c 1-200 | sed 's/^/     /'
  ns a1 ip link set eth0 mtu $TMTU
}

# 4. OVSDB (RFC 7047) from a client of our own: list_dbs and a transact adding a Geneve port
ovsdb() { local ep=tcp:127.0.0.1:16640
  echo "== OVSDB: ovsdb-server/add-remote ptcp:16640:127.0.0.1 (runtime only, not in conf.db)"
  ovs-appctl -t ovsdb-server ovsdb-server/add-remote ptcp:16640:127.0.0.1
  ovs-appctl -t ovsdb-server ovsdb-server/list-remotes | sed 's/^/   remote: /'
  /usr/bin/python3 $DIR/ovsdb.py $ep list_dbs | sed 's/^/   /'
  echo "   -- first try: a second Geneve port with hv3's local_ip (ofport 102) next to ovlg3:"
  /usr/bin/python3 $DIR/ovsdb.py $ep add-tunnel ovlh3 ovlt3 geneve $UNET.3 102 | grep '^<<' | sed 's/^/   /'
  sleep 1; /usr/bin/python3 $DIR/ovsdb.py $ep get-ofport ovlt3 | grep '^<<' | sed 's/^/   /'
  /usr/bin/python3 $DIR/ovsdb.py $ep del-port ovlh3 ovlt3 >/dev/null
  echo "   -- then: ovlg3 removed (ovs-vsctl), its replacement ovlt3 added by OVSDB with ofport_request 100:"
  ovs-vsctl del-port ovlh3 ovlg3
  /usr/bin/python3 $DIR/ovsdb.py $ep add-tunnel ovlh3 ovlt3 geneve $UNET.3 100 | sed 's/^/   /'
  sleep 1
  /usr/bin/python3 $DIR/ovsdb.py $ep get-ofport ovlt3 | grep '^<<' | sed 's/^/   /'
  echo "   ovs-vsctl sees: $(ovs-vsctl --columns=name,type,ofport,options list interface ovlt3 | tr -s ' ' | tr '\n' ' ')"
  echo "   OpenFlow port: $($OF dump-ports-desc ovlh3 | grep -o '100(ovlt3).*' | head -1)"
  pipeline geneve; warm; echo "   through it: $(ping1 a1 10.0.0.13 3)"
  /usr/bin/python3 $DIR/ovsdb.py unix:/var/run/openvswitch/db.sock del-port ovlh3 ovlt3 | grep '^<<' | sed 's/^/   /'
  echo "   after del-port, ports of ovlh3: $(ovs-vsctl list-ports ovlh3 | tr '\n' ' ')"
  ovs-vsctl add-port ovlh3 ovlg3 -- set interface ovlg3 type=geneve ofport_request=100 \
    options:remote_ip=flow options:key=flow options:local_ip=$UNET.3
  ovs-appctl -t ovsdb-server ovsdb-server/remove-remote ptcp:16640:127.0.0.1
  echo "   remotes after: $(ovs-appctl -t ovsdb-server ovsdb-server/list-remotes | tr '\n' ' ')"
}

# 5. fabric mode beyond 4,094: QinQ (802.1ad + 802.1Q) and MPLS between ovlh1 and ovlh2 (port 10)
fabric_flows() { local h=$1 mode=$2 s=$SEG_F o=$((3 - $1)) M="$SEG_F/0xffffff"
  local me=a$1 other=a$o hi=$((SEG_F >> 12)) lo=$((SEG_F & 0xfff))
  echo "table=0,priority=3100,in_port=1 actions=write_metadata:$M,goto_table:1"
  echo "table=1,priority=3200,in_port=1,dl_src=$(field $me 5),ip,nw_src=$(field $me 4) actions=goto_table:4"
  echo "table=4,priority=3200,metadata=$M,ip,nw_dst=$(field $me 4) actions=goto_table:6"
  echo "table=6,priority=3200,metadata=$M,ip,nw_dst=$(field $me 4) actions=set_field:$(field $me 5)->eth_dst,output:1"
  echo "table=5,priority=3100,dl_dst=$(swmac $o) actions=output:10"
  case $mode in
    mpls)
      echo "table=4,priority=3200,metadata=$M,ip,nw_dst=$(field $other 4) actions=set_field:$(swmac $o)->eth_dst,push_mpls:0x8847,set_field:$s->mpls_label,goto_table:5"
      echo "table=0,priority=3000,in_port=10,dl_dst=$(swmac $h),mpls,mpls_label=$s actions=pop_mpls:0x0800,write_metadata:$M,goto_table:6" ;;
    qinq)
      echo "table=4,priority=3200,metadata=$M,ip,nw_dst=$(field $other 4) actions=set_field:$(swmac $o)->eth_dst,push_vlan:0x8100,set_field:$((4096 | lo))->vlan_vid,push_vlan:0x88a8,set_field:$((4096 | hi))->vlan_vid,goto_table:5"
      echo "table=0,priority=3000,in_port=10,dl_dst=$(swmac $h),dl_vlan=$hi actions=pop_vlan,write_metadata:$((hi << 12))/0xfff000,goto_table:5"
      echo "table=5,priority=3200,metadata=$((hi << 12))/0xfff000,dl_dst=$(swmac $h),dl_vlan=$lo actions=pop_vlan,write_metadata:$M,goto_table:6" ;;
  esac; }
SEG_F=${SEG_F:-70000}
fabric() {
  ip link show ovlf1 >/dev/null 2>&1 || { ip link add ovlf1 type veth peer name ovlf2
    for i in 1 2; do sysctl -qw net.ipv6.conf.ovlf$i.disable_ipv6=1; ip link set ovlf$i up; ethtool -K ovlf$i tx off >/dev/null
      ovs-vsctl add-port ovlh$i ovlf$i -- set interface ovlf$i ofport_request=10; done; }
  vl=$(ovs-vsctl --if-exists get open_vswitch . other_config:vlan-limit)
  for n in a1 a2; do ns $n ip link set eth0 mtu 1500; done   # no tunnel here: the tenant MTU stays 1500
  echo "== fabric mode, segment $SEG_F (a1@ovlh1 <-> a2@ovlh2 over a veth, port 10), veth MTU $(cat /sys/class/net/ovlf1/mtu); vlan-limit now: ${vl:-unset (default 1)}"
  for mode in mpls qinq qinq2; do
    [ $mode = qinq2 ] && { ovs-vsctl set open_vswitch . other_config:vlan-limit=2; echo "   -- other_config:vlan-limit=2"; sleep 1; }
    for h in 1 2; do $OF del-flows ovlh$h; $OF del-groups ovlh$h
      fabric_flows $h ${mode%2} > $OUT/fabric-${mode}-ovlh$h.txt; $OF add-flows ovlh$h $OUT/fabric-${mode}-ovlh$h.txt || echo "   add-flows $mode refused on ovlh$h"; done
    timeout 4 tcpdump -i ovlf2 -nn -e -c 2 not arp and not ip6 > $OUT/fabric-$mode.txt 2>/dev/null & sleep 1
    echo "   $mode: $(ping1 a1 10.0.0.12 3)"
    sleep 1; head -1 $OUT/fabric-$mode.txt | cut -c 17- | sed 's/^/     on the wire: /'
    lo=1300; hi=1600
    while [ $lo -lt $hi ]; do m=$(( (lo + hi + 1) / 2 ))
      if ns a1 ping -M do -c 1 -W 1 -s $m 10.0.0.12 >/dev/null 2>&1; then lo=$m; else hi=$((m - 1)); fi; done
    echo "     largest DF ping payload: $lo (IP $((lo + 28)))"
    [ $mode = qinq2 ] && $OF dump-flows ovlh2 | grep -o 'table=[05],.*n_packets=[0-9]*\|n_packets=[0-9]*.*dl_vlan=[0-9]*' | head -3 | sed 's/^/     /'
    [ $mode = qinq ] && $OF dump-flows ovlh2 --no-names | grep 'dl_vlan' | grep -o 'n_packets=[0-9]*.*priority=[0-9]*,[a-z_]*=[0-9a-fx/]*' | sed 's/^/     /'
  done
  if [ -n "$vl" ]; then ovs-vsctl set open_vswitch . other_config:vlan-limit=$vl; else ovs-vsctl remove open_vswitch . other_config vlan-limit; fi
  echo "   vlan-limit restored: $(ovs-vsctl --if-exists get open_vswitch . other_config:vlan-limit || true)"
  for i in 1 2; do ovs-vsctl del-port ovlh$i ovlf$i; done; ip link del ovlf1
  for n in a1 a2; do ns $n ip link set eth0 mtu $TMTU; done
}

# 6. conntrack zones: one userspace datapath for every netdev bridge of the machine
zones() { pipeline geneve
  echo "== datapaths: $(ovs-appctl dpctl/dump-dps | tr '\n' ' ')"
  echo "   (ovs-appctl dpif/show lists every netdev bridge under it:) $(ovs-appctl dpif/show | grep -c '^  ovl[hp][0-9]:') ovl bridges in $(ovs-appctl dpif/show | grep -c '^netdev@')"
  $OF add-flow ovlh1 "table=1,priority=3300,in_port=1,dl_src=$(field a1 5),icmp,nw_src=$(field a1 4) actions=ct(commit,zone=7777),goto_table:4"
  $OF add-flow ovlh2 "table=6,priority=3300,metadata=$SEG_A/0xffffff,icmp,nw_dst=$(field a2 4) actions=ct(commit,zone=7777),set_field:$(field a2 5)->eth_dst,output:1"
  ovs-appctl dpctl/flush-conntrack zone=7777
  ping1 a1 10.0.0.12 1
  echo "   one echo request committed on ovlh1 and again on ovlh2, zone 7777: $(ovs-appctl dpctl/dump-conntrack zone=7777 | wc -l) entry"
  ovs-appctl dpctl/dump-conntrack zone=7777 | sed 's/^/     /'
  ovs-appctl dpctl/flush-conntrack zone=7777
}

# 7. the OpenFlow 1.3 bytes ovs-ofctl sends for the overlay rules (for the southbound's golden files)
golden() { local b=ovlcap C=cookie=0x000e000000000001
  ovs-vsctl --may-exist add-br $b -- set bridge $b datapath_type=netdev fail_mode=secure protocols=OpenFlow13
  : > $OUT/golden.txt
  while IFS='|' read name cmd arg; do
    hex=$(/usr/bin/python3 $DIR/ofcapture.py $b $cmd "$arg" | tail -1)
    echo "$name $hex" >> $OUT/golden.txt
    ovs-ofctl ofp-print $hex | sed 's/^/    /' >> $OUT/golden.txt
  done <<GOLD
tunnel_in_flow_mod|add-flow|$C,table=0,priority=3000,in_port=100,tun_id=5000 actions=write_metadata:0x1388/0xffffff,goto_table:6
tunnel_in_max_vni_flow_mod|add-flow|$C,table=0,priority=3000,in_port=100,tun_id=16777215 actions=write_metadata:0xffffff/0xffffff,goto_table:6
remote_port_flow_mod|add-flow|$C,table=4,priority=3200,metadata=0x1388/0xffffff,ip,nw_dst=10.0.0.12 actions=set_field:0e:5c:02:00:00:02->eth_dst,set_field:5000->tun_id,goto_table:5
tunnel_out_flow_mod|add-flow|$C,table=5,priority=3100,dl_dst=0e:5c:02:00:00:02 actions=set_field:172.31.199.2->tun_dst,output:100
tunnel_src_match_flow_mod|add-flow|$C,table=0,priority=3050,in_port=100,tun_src=172.31.199.2,tun_id=5000 actions=write_metadata:0x1388/0xffffff,goto_table:6
broadcast_group_mod|add-group|group_id=9,type=all,bucket=actions=output:1,bucket=actions=set_field:5000->tun_id,set_field:172.31.199.2->tun_dst,output:100,bucket=actions=set_field:5000->tun_id,set_field:172.31.199.3->tun_dst,output:100
mpls_push_flow_mod|add-flow|$C,table=4,priority=3200,metadata=0x11170/0xffffff,ip,nw_dst=10.0.0.12 actions=set_field:0e:5c:02:00:00:02->eth_dst,push_mpls:0x8847,set_field:70000->mpls_label,goto_table:5
mpls_pop_flow_mod|add-flow|$C,table=0,priority=3000,in_port=10,dl_dst=0e:5c:02:00:00:01,mpls,mpls_label=70000 actions=pop_mpls:0x0800,write_metadata:0x11170/0xffffff,goto_table:6
qinq_push_flow_mod|add-flow|$C,table=4,priority=3200,metadata=0x11170/0xffffff,ip,nw_dst=10.0.0.12 actions=set_field:0e:5c:02:00:00:02->eth_dst,push_vlan:0x8100,set_field:4464->vlan_vid,push_vlan:0x88a8,set_field:4113->vlan_vid,goto_table:5
GOLD
  ovs-vsctl del-br $b
  cat $OUT/golden.txt
}

# Everything, from a clean machine to a clean machine; each step under the Mininet lock, released
# between steps (others need it). Results in out/results-all.txt.
all() { local L="flock -o $LOCK $0"   # -o: the servers and captures a step starts must not inherit the lock
  { $L down; $L up
    $L connect geneve; SEG_A=70000 SEG_B=5000 $L connect vxlan
    $L mtu geneve; $L mtu vxlan; $L pmtu; $L bcast geneve; $L bcast vxlan
    $L ovsdb; $L zones; $L fabric; $L golden; $L down
  } 2>&1 | tee $OUT/results-all.txt; }

mkdir -p $OUT
cmd=$1; shift; $cmd "$@"
