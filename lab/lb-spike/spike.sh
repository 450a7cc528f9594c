#!/bin/bash
# Skylane L4 LB data-plane spike: two userspace OVS bridges (lbs1, lbs2) joined by a fabric link,
# a hand-written copy of the tenant pipeline (tables 0-9, docs/pipeline.md) and the LB rules.
# Usage: spike.sh up | down | pipeline | lb MODE | flush | servers | ...  (see the bottom)
set -u
OF="ovs-ofctl -O OpenFlow13"
OF15="ovs-ofctl -O OpenFlow15"
DIR=$(cd "$(dirname "$0")" && pwd)
SEG=100; META="$SEG/0xffffff"; VID=$((0x1000 | SEG))
RMAC=0e:5c:01:00:00:64                      # VPC router MAC 0e:5c:01:<segment>
declare -A SWMAC=([lbs1]=0e:5c:02:00:00:01 [lbs2]=0e:5c:02:00:00:02)
LINK=10                                      # fabric port on both bridges
GW=10.0.0.1; VIP=10.0.0.100; LPORT=80; MPORT=8080
LBZ=$((0xF000 | SEG))                        # LB DNAT zone of the VPC   (61540)
HZ=$((0xE000 | SEG))                         # LB hairpin SNAT zone      (57444)
# name bridge ofport ip mac [extra prefix (allowed address pair)]
PORTS="c1 lbs1 1 10.0.0.11 02:00:00:00:00:11 10.0.1.0/24
m3 lbs1 3 10.0.0.23 02:00:00:00:00:23 -
m1 lbs2 1 10.0.0.21 02:00:00:00:00:21 -
m2 lbs2 2 10.0.0.22 02:00:00:00:00:22 -
m4 lbs2 4 10.0.0.24 02:00:00:00:00:24 -
c2 lbs2 5 10.0.0.12 02:00:00:00:00:12 -"
MEMBERS="m1 m2 m3 m4"
field() { echo "$PORTS" | awk -v n="$1" -v f="$2" '$1==n {print $f}'; }
ns() { ip netns exec lbs-$1 "${@:2}"; }

up() {
  for b in lbs1 lbs2; do
    ovs-vsctl --may-exist add-br $b -- set bridge $b datapath_type=netdev fail_mode=secure \
      protocols=OpenFlow13,OpenFlow15 other-config:datapath-id=000000000000000${b#lbs}
  done
  ip link add lbs1-l type veth peer name lbs2-l
  for b in lbs1 lbs2; do ip link set $b-l up; ethtool -K $b-l tx off >/dev/null
    ovs-vsctl add-port $b $b-l -- set interface $b-l ofport_request=$LINK; done
  echo "$PORTS" | while read n b p ip mac extra; do
    ip netns add lbs-$n
    ip link add $b-$n type veth peer name eth0 netns lbs-$n
    ip link set $b-$n up; ethtool -K $b-$n tx off >/dev/null
    ovs-vsctl add-port $b $b-$n -- set interface $b-$n ofport_request=$p
    ns $n ip link set lo up
    ns $n ip link set eth0 address $mac
    ns $n ip addr add $ip/24 dev eth0
    ns $n ip link set eth0 up
    ns $n ethtool -K eth0 tx off >/dev/null          # LAB.md: TCP needs TX checksum offload off
    # static ARP (the controller answers ARP in Skylane): gateway and VIP -> router MAC, ports -> their MAC
    ns $n ip neigh replace $GW lladdr $RMAC dev eth0 nud permanent
    ns $n ip neigh replace $VIP lladdr $RMAC dev eth0 nud permanent
    echo "$PORTS" | while read n2 b2 p2 ip2 mac2 x2; do
      [ $n2 != $n ] && ns $n ip neigh replace $ip2 lladdr $mac2 dev eth0 nud permanent; done
    ns $n ip route add 10.0.1.0/24 via $GW dev eth0 2>/dev/null
    [ "$extra" != - ] && [ $n = c1 ] && for i in $(seq 1 250); do ns $n ip addr add 10.0.1.$i/32 dev eth0; done
    [ $n = c1 ] && ns $n ip route del 10.0.1.0/24 2>/dev/null
  done
  true
}

down() {
  for f in $DIR/out/*.pid; do [ -f $f ] && kill $(cat $f) 2>/dev/null; rm -f $f; done
  for n in $(echo "$PORTS" | awk '{print $1}'); do ip netns del lbs-$n 2>/dev/null; done
  ovs-vsctl --if-exists del-br lbs1 -- --if-exists del-br lbs2
  ip link del lbs1-l 2>/dev/null; true
}

# The tenant pipeline of docs/pipeline.md, for segment 100, on both bridges.
pipeline() {
  for b in lbs1 lbs2; do
    $OF del-flows $b; $OF del-groups $b 2>/dev/null
    {
    echo "table=0,priority=3000,in_port=$LINK,dl_dst=0e:5c:02:00:00:00/ff:ff:ff:00:00:00 actions=goto_table:5"
    echo "table=2,priority=1 actions=goto_table:4"
    echo "table=7,priority=1 actions=goto_table:9"
    echo "$PORTS" | while read n pb p ip mac extra; do
      dsts="$ip"; [ "$extra" != - ] && dsts="$ip $extra"
      if [ $pb = $b ]; then
        echo "table=0,priority=3100,in_port=$p actions=write_metadata:$META,goto_table:1"
        for s in $dsts; do echo "table=1,priority=3200,in_port=$p,dl_src=$mac,ip,nw_src=$s actions=goto_table:2"; done
        echo "table=2,priority=3200,in_port=$p,ip actions=ct(zone=$p,table=3)"
        echo "table=3,priority=3400,in_port=$p,ip,ct_state=+trk+est-inv actions=goto_table:4"
        echo "table=3,priority=3400,in_port=$p,ip,ct_state=+trk+rel-inv actions=goto_table:4"
        echo "table=3,priority=3300,in_port=$p,ip,ct_state=+trk+new-inv actions=ct(commit,zone=$p),goto_table:4"
        for s in $dsts; do
          echo "table=4,priority=3300,metadata=$META,dl_dst=$RMAC,ip,nw_dst=$s actions=dec_ttl,set_field:$RMAC->eth_src,goto_table:6"
          echo "table=4,priority=3200,metadata=$META,ip,nw_dst=$s actions=goto_table:6"
          echo "table=6,priority=3200,metadata=$META,ip,nw_dst=$s actions=set_field:$mac->eth_dst,goto_table:7"
        done
        echo "table=7,priority=3200,metadata=$META,dl_dst=$mac,ip actions=ct(zone=$p,table=8)"
        echo "table=8,priority=3400,metadata=$META,dl_dst=$mac,ip,ct_state=+trk+est-inv actions=goto_table:9"
        echo "table=8,priority=3400,metadata=$META,dl_dst=$mac,ip,ct_state=+trk+rel-inv actions=goto_table:9"
        # ingress security group: tcp/udp 8080 and icmp from the VPC (10.0.0.0/16)
        for m in "tcp,tp_dst=$MPORT" "udp,tp_dst=$MPORT" "icmp"; do
          echo "table=8,priority=3300,metadata=$META,dl_dst=$mac,$m,nw_src=10.0.0.0/16,ct_state=+trk+new-inv actions=ct(commit,zone=$p),goto_table:9"; done
        echo "table=9,priority=3200,metadata=$META,dl_dst=$mac actions=output:$p"
        # NEW for hairpin: a packet that entered at this port and goes back out of it (OpenFlow drops
        # output:<in_port> silently; OFPP_IN_PORT is needed)
        [ "${NOHAIRPIN9:-}" ] || echo "table=9,priority=3300,metadata=$META,dl_dst=$mac,in_port=$p actions=output:in_port"
      else
        sw=${SWMAC[$pb]}
        for s in $dsts; do
          echo "table=4,priority=3300,metadata=$META,dl_dst=$RMAC,ip,nw_dst=$s actions=dec_ttl,set_field:$RMAC->eth_src,set_field:$sw->eth_dst,push_vlan:0x8100,set_field:$VID->vlan_vid,goto_table:5"
          echo "table=4,priority=3200,metadata=$META,ip,nw_dst=$s actions=set_field:$sw->eth_dst,push_vlan:0x8100,set_field:$VID->vlan_vid,goto_table:5"
        done
      fi
    done | sort -u
    echo "table=5,priority=3200,dl_dst=${SWMAC[$b]},dl_vlan=$SEG actions=pop_vlan,write_metadata:$META,goto_table:6"
    for o in lbs1 lbs2; do [ $o != $b ] && echo "table=5,priority=3100,dl_dst=${SWMAC[$o]} actions=output:$LINK"; done
    } > $DIR/out/pipeline-$b.flows
    $OF add-flows $b $DIR/out/pipeline-$b.flows
  done
}

# ---- load balancer rules ------------------------------------------------------------------------
# bucket action: DNAT in the LB zone, commit, back to the route table (4) with the member address.
dnat() { echo "ct(commit,zone=$LBZ,nat(dst=$(field $1 4):$MPORT),table=4)"; }
GROUP=$(( (40 << 24) | 1 ))                  # app id 40 in the top 8 bits, like path forwarding's
# POOL="m1:1 m2:2 m3:3" (member:weight)
POOL=${POOL:-"m1:1 m2:2 m3:3"}
buckets() { local out="" bid=0
  for mw in $POOL; do m=${mw%:*}; w=${mw#*:}; bid=${m#m}
    out="$out,bucket=bucket_id:$bid,weight:$w,actions=$(dnat $m)"; done; echo "${out#,}"; }
buckets13() { local out=""; for mw in $POOL; do m=${mw%:*}; w=${mw#*:}
    out="$out,bucket=weight:$w,actions=$(dnat $m)"; done; echo "${out#,}"; }

# MODE: group (OF1.3 select group, OVS default = dp_hash), hash-src (OF1.5 select group
# selection_method=hash,fields(ip_src)), mp-src / mp-l4 (multipath into a controller-computed
# slot table, table 10), none (pool with no member up -> controller)
lb() {
  local mode=$1
  for b in lbs1 lbs2; do
    $OF del-flows $b "cookie=0x0028000000000000/0xffff000000000000"
    $OF del-groups $b 2>/dev/null
    case $mode in
      group)    $OF add-group $b "group_id=$GROUP,type=select,$(buckets13)" ;;
      hash-src) $OF15 add-group $b "group_id=$GROUP,type=select,selection_method=hash,fields(ip_src),$(buckets)" ;;
      hash-l4)  $OF15 add-group $b "group_id=$GROUP,type=select,selection_method=hash,fields(ip_src,tcp_src),$(buckets)" ;;
    esac
    case $mode in
      group|hash-src|hash-l4) SELECT="group:$GROUP" ;;
      mp-src) SELECT="multipath(nw_src,0,modulo_n,$NSLOTS,0,$SLOTDST),$LIDW goto_table:10" ;;
      mp-l4)  SELECT="multipath(symmetric_l3l4+udp,0,modulo_n,$NSLOTS,0,$SLOTDST),$LIDW goto_table:10" ;;
      none)   SELECT="controller(reason=no_match)" ;;   # refused by the controller (RST / ICMP)
    esac
    C="cookie=0x0028000000000001"
    {
    # --- table 4, band 4000..4999: VIP selection at the client's switch
    echo "$C,table=4,priority=4100,metadata=$META,tcp,nw_dst=$VIP,tp_dst=$LPORT actions=ct(zone=$LBZ,nat,table=4)"
    echo "$C,table=4,priority=4500,metadata=$META,tcp,nw_dst=$VIP,tp_dst=$LPORT,ct_zone=$LBZ,ct_state=+trk+new-inv actions=$SELECT"
    echo "$C,table=4,priority=4400,metadata=$META,ip,nw_dst=$VIP,ct_zone=$LBZ actions=drop"
    echo "$C,table=4,priority=4400,metadata=$META,ip,nw_dst=$VIP,ct_zone=$HZ actions=drop"
    for m in $MEMBERS; do mip=$(field $m 4); mb=$(field $m 2); mp=$(field $m 3)
      # --- un-DNAT of replies (table 6 needs an LB band too): before delivery to the client.
      # Only packets not yet seen in the LB zone: from the fabric (-trk) or after a local
      # member's egress ACL (ct_zone = member's port) or after the hairpin un-SNAT (ct_zone=HZ).
      if [ $mb = $b ]; then
        echo "$C,table=6,priority=4500,metadata=$META,tcp,nw_src=$mip,tp_src=$MPORT,ct_zone=$mp actions=ct(zone=$LBZ,nat,table=6)"
        echo "$C,table=6,priority=4500,metadata=$META,tcp,nw_src=$mip,tp_src=$MPORT,ct_zone=$HZ actions=ct(zone=$LBZ,nat,table=6)"
        # --- hairpin (member's own switch only): member -> VIP -> itself: SNAT to the VIP in HZ
        echo "$C,table=4,priority=4600,metadata=$META,tcp,ct_zone=$LBZ,ct_state=+trk,nw_src=$mip,nw_dst=$mip,tp_dst=$MPORT actions=ct(commit,zone=$HZ,nat(src=$VIP:1024-65279),table=4)"
        echo "$C,table=4,priority=4800,metadata=$META,tcp,nw_src=$mip,tp_src=$MPORT,nw_dst=$VIP actions=ct(zone=$HZ,nat,table=4)"
        # --- health-probe answers (SYN/ACK or RST to VIP:65280-65535) -> controller
        echo "$C,table=4,priority=4900,metadata=$META,tcp,nw_src=$mip,tp_src=$MPORT,nw_dst=$VIP,tp_dst=0xff00/0xff00 actions=controller(reason=action)"
      else
        echo "$C,table=6,priority=4500,metadata=$META,tcp,nw_src=$mip,tp_src=$MPORT,ct_state=-trk actions=ct(zone=$LBZ,nat,table=6)"
      fi
    done
    # --- probes: packet-out from the controller with eth_src=router MAC enters the tenant tables at
    # 'deliver' (6): it passes the member's ingress security groups like any client.
    echo "$C,table=0,priority=4000,in_port=CONTROLLER,dl_src=$RMAC,ip,nw_src=$VIP actions=write_metadata:$META,goto_table:6"
    if [ "${mode#mp-}" != "$mode" ]; then slots $b; fi
    } > $DIR/out/lb-$mode-$b.flows
    $OF add-flows $b $DIR/out/lb-$mode-$b.flows || echo "add-flows failed on $b"
  done
}
NSLOTS=${NSLOTS:-251}
# where multipath writes the slot: a Nicira register, or (plain OF1.3 match) metadata bits 32..47
SLOTIN=${SLOTIN:-metadata}; LIDW=""
if [ $SLOTIN = reg ]; then SLOTDST="NXM_NX_REG1[0..15]"; slotmatch() { echo "reg1=$1"; }
else SLOTDST="OXM_OF_METADATA[32..47]"; LID=7   # listener id (per switch) in metadata bits 48..63
  LIDW="write_metadata:$(printf 0x%x $((LID << 48)))/0xffff000000000000,"
  slotmatch() { printf "metadata=0x%x/0xffffffff00000000" $(( (LID << 48) | ($1 << 32) )); }; fi
# table 10: slot -> member, from the controller's table (slots.py: weighted rendezvous per slot)
slots() { declare -A ip; for m in $MEMBERS; do ip[$m]=$(field $m 4); done
  /usr/bin/python3 $DIR/slots.py $NSLOTS $POOL | while read s m; do
    echo "$C,table=10,priority=4500,tcp,$(slotmatch $s) actions=ct(commit,zone=$LBZ,nat(dst=${ip[$m]}:$MPORT),table=4)"; done; }

flush() { for z in $LBZ $HZ; do ovs-appctl dpctl/flush-conntrack zone=$z; done; }
servers() { for m in $MEMBERS; do [ -f $DIR/out/server-$m.pid ] && kill $(cat $DIR/out/server-$m.pid) 2>/dev/null
    ip netns exec lbs-$m /usr/bin/python3 $DIR/lbserver.py $m $MPORT > $DIR/out/server-$m.log 2>&1 &
    echo $! > $DIR/out/server-$m.pid
  done; sleep 1; }
stopserver() { kill $(cat $DIR/out/server-$1.pid); rm -f $DIR/out/server-$1.pid; }
dump() { for b in lbs1 lbs2; do echo "== $b"; $OF dump-flows $b --no-stats; $OF dump-groups $b; done; }

# measure MODE "POOL_A" "POOL_B" SRCIPS SPORTS: the same client tuples before and after a pool change.
measure() { local mode=$1 pa=$2 pb=$3 ips=$4 sps=$5 tag=$1-$(echo "$2>$3" | tr -d ' :>' )
  POOL=$pa lb $mode >/dev/null; flush >/dev/null
  ns c1 /usr/bin/python3 $DIR/lbclient.py burst $VIP $LPORT $ips $sps > $DIR/out/meas-$tag-A.txt
  POOL=$pb lb $mode >/dev/null; flush >/dev/null
  ns c1 /usr/bin/python3 $DIR/lbclient.py burst $VIP $LPORT $ips $sps > $DIR/out/meas-$tag-B.txt
  echo "== $mode  [$pa] -> [$pb]  clients $ips x ports $sps"
  for x in A B; do echo "  $x: $(awk '{print $3}' $DIR/out/meas-$tag-$x.txt | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')"
    echo "     src-ip affinity: $(awk '{print $1, $3}' $DIR/out/meas-$tag-$x.txt | sort -u | awk '{print $1}' | uniq -c | awk '$1==1' | wc -l)/$(awk '{print $1}' $DIR/out/meas-$tag-$x.txt | sort -u | wc -l) clients on one member"; done
  paste $DIR/out/meas-$tag-A.txt $DIR/out/meas-$tag-B.txt | awk '$3 !~ /FAIL/ && $6 !~ /FAIL/ {n++; if ($3 != $6) mv++} END {printf "  moved: %d/%d connections = %.1f%%\n", mv, n, 100*mv/n}'
  paste $DIR/out/meas-$tag-A.txt $DIR/out/meas-$tag-B.txt | awk '{print $1, $3, $6}' | sort -u | awk '{c[$1]++; if ($2 != $3) m[$1]=1} END {for (k in c) {n++; if (m[k]) mv++}; printf "  clients (src ip) with a moved connection: %d/%d = %.1f%%\n", mv, n, 100*mv/n}'
}

# change MODE "POOL": only the selection changes (mod-group, or the slot rules rewritten in place);
# the un-DNAT rules of every member (including the ones leaving the pool: drained) stay.
change() { local mode=$1; POOL=$2
  for b in lbs1 lbs2; do
    case $mode in
      group) $OF mod-group $b "group_id=$GROUP,type=select,$(buckets13)" ;;
      hash-*) $OF15 mod-group $b "group_id=$GROUP,type=select,selection_method=hash,fields(ip_src),$(buckets)" ;;
      mp-*) C="cookie=0x0028000000000001"; slots $b > $DIR/out/slots-$b.flows; $OF add-flows $b $DIR/out/slots-$b.flows ;;
    esac
  done; }
# sticky MODE "POOL_A" "POOL_B": 12 long connections, the pool changes after round 2.
sticky() { local mode=$1; POOL=$2 lb $mode >/dev/null; flush >/dev/null
  echo "== sticky $mode [$2] -> [$3] after round 2"
  ns c1 /usr/bin/python3 $DIR/lbclient.py hold $VIP $LPORT 10.0.0.11 44000 12 ${ROUNDS:-5} 1 &
  sleep 2.5; change $mode "$3"; echo "   (pool changed to [$3])"; wait
  echo "   new connections after the change: $(ns c1 /usr/bin/python3 $DIR/lbclient.py burst $VIP $LPORT 10.0.1.1-100 44100 | awk '{print $3}' | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')"
}

hairpin() { POOL="m1:1 m2:1 m3:1" lb group >/dev/null
  for m in m1 m3; do echo "== hairpin from $m (per-connection group): member answering 30 connections"
    ns $m /usr/bin/python3 $DIR/lbclient.py burst $VIP $LPORT $(field $m 4) $1-$(($1 + 29)) | awk '{print $3}' | sort | uniq -c; done
  echo "   connections m1 saw from the VIP (its own hairpin, source-NATed): $(grep -c "conn from $VIP" $DIR/out/server-m1.log)"
  echo "== hairpin from m1 WITHOUT the hairpin SNAT rule (4600)"
  $OF --strict del-flows lbs2 "table=4,priority=4600,metadata=$META,tcp,ct_zone=$LBZ,ct_state=+trk,nw_src=$(field m1 4),nw_dst=$(field m1 4),tp_dst=$MPORT"
  ns m1 /usr/bin/python3 $DIR/lbclient.py burst $VIP $LPORT $(field m1 4) $(($1 + 100))-$(($1 + 129)) | awk '{print $3}' | sort | uniq -c; }
refuse() { lb none >/dev/null
  ( timeout 6 $OF -m monitor lbs1 65534 2>&1 | /usr/bin/python3 $DIR/refuse.py lbs1 $RMAC > $DIR/out/refuse.log 2>&1 & ); sleep 1.5
  echo "== pool with no member up: c1 -> VIP:80, SYN -> packet-in -> RST packet-out (refuse.py)"
  ns c1 /usr/bin/python3 $DIR/lbclient.py burst $VIP $LPORT 10.0.0.11 $1-$(($1 + 4)); sleep 5; cat $DIR/out/refuse.log; }
probes() { lb group >/dev/null; stopserver m2
  ( timeout 12 $OF -m monitor lbs2 65534 > $DIR/out/mon-probes.txt 2>&1 & ); sleep 1.5
  for m in m1 m2; do echo "== TCP probe of $m at lbs2 ($m's server $( [ $m = m2 ] && echo stopped || echo up))"
    /usr/bin/python3 $DIR/probe.py lbs2 $RMAC $VIP $(field $m 4) $MPORT $1; set -- $(($1 + 1)); done
  sleep 8; echo "   packet-ins seen by a persistent monitor connection on lbs2:"
  grep '^tcp' $DIR/out/mon-probes.txt | sed 's/.*nw_src=\([0-9.]*\),nw_dst=\([0-9.]*\).*tp_src=\([0-9]*\),tp_dst=\([0-9]*\),tcp_flags=\([a-z|]*\).*/     \1:\3 -> \2:\4 \5/'
  servers; }
# Everything, from a clean machine to a clean machine (about 3 minutes); results in out/results-all.txt
all() { down; up; pipeline; servers
  { P3="m1:1 m2:1 m3:1"; P4="m1:1 m2:1 m3:1 m4:1"; W="m1:1 m2:2 m3:3"; W4="m1:1 m2:2 m3:3 m4:2"
    for mode in group hash-src mp-src; do
      measure $mode "$P3" "$P3" 10.0.1.1-250 42000-42001; measure $mode "$P3" "$P4" 10.0.1.1-250 42000-42001
      measure $mode "$P3" "m1:1 m3:1" 10.0.1.1-250 42000-42001; measure $mode "$W" "$W4" 10.0.1.1-250 42000-42001; done
    measure mp-l4 "$W" "$W4" 10.0.1.1-250 42002-42003
    ALG=hrw measure mp-src "$P3" "$P4" 10.0.1.1-250 42004-42005
    sticky group "$P3" "m1:1 m3:1 m4:1"; sticky mp-src "$P3" "m1:1 m3:1 m4:1"
    hairpin 46000; pipeline; refuse 47000; probes 65300
  } 2>&1 | tee $DIR/out/results-all.txt
  down; }

mkdir -p $DIR/out
cmd=$1; shift; $cmd "$@"
