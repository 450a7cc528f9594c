#!/usr/bin/env bash
# Installs and starts what the Mininet end-to-end tests (mininet-tests) and the Mininet lab need:
# Open vSwitch (userspace datapath), Mininet, and the tools the scenarios run inside hosts.
#
# Idempotent: installs only missing packages, starts OVS only when it is not answering.
# Run as root (CI: `sudo lab/install.sh`). Without root it explains that the Mininet tests will
# skip and exits 0. Never runs `mn -c` and never kills processes by name.
set -euo pipefail

# busybox: its udhcpc is the DHCP client tenant hosts run (TenantDhcpIT, docs/lab.md).
# traceroute: shows the gateway hop of routing between subnets (TenantIsolationIT).
# iproute2: ip netns, veths and bridges of the overlay lab (lab/overlay/overlay-lab.sh), which also
# runs ovsdb-tool, ovsdb-server and ovs-vswitchd from openvswitch-switch, tcpdump and nc.
# python3-openstackclient, python3-octaviaclient: the real `openstack` client the OpenStack API
# tests drive (OpenStackCliIT, docs/openstack.md); python3-openstacksdk: the SDK orchestrators
# use, which OpenStackSdkIT drives (named here, not only as the client's dependency).
PACKAGES=(openvswitch-switch openvswitch-testcontroller mininet iputils-ping ethtool iperf3
          tcpdump netcat-openbsd busybox traceroute iproute2 python3-openstackclient python3-octaviaclient
          python3-openstacksdk)
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl
TESTCONTROLLER_DEFAULTS=/etc/default/openvswitch-testcontroller
TESTCONTROLLER_PIDFILE=/var/run/openvswitch/ovs-testcontroller.pid

say() { printf 'lab/install.sh: %s\n' "$*"; }

if [[ "$(id -u)" -ne 0 ]]; then
    say "not root: nothing installed. The Mininet tests (mininet-tests) need root and will skip."
    say "run 'sudo lab/install.sh' to install Open vSwitch and Mininet."
    exit 0
fi

# 1. packages ---------------------------------------------------------------------------------
missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
else
    say "packages already installed: ${PACKAGES[*]}"
fi

# 2. the packaged test controller must not own an OpenFlow port -------------------------------
# openvswitch-testcontroller ships an init script that its postinst starts (where policy-rc.d
# allows it), listening on pssl:6653, the port a Skylane lab controller uses. Disable it in its
# own defaults file and stop that one daemon through its pidfile: never a kill by name.
if [[ -f "$TESTCONTROLLER_DEFAULTS" ]] && ! grep -q '^LISTEN=""' "$TESTCONTROLLER_DEFAULTS"; then
    sed -i 's/^LISTEN=.*/LISTEN=""/' "$TESTCONTROLLER_DEFAULTS"
    grep -q '^LISTEN=""' "$TESTCONTROLLER_DEFAULTS" || echo 'LISTEN=""' >>"$TESTCONTROLLER_DEFAULTS"
    say "disabled the packaged ovs-testcontroller service (LISTEN=\"\" in $TESTCONTROLLER_DEFAULTS)"
fi
if command -v update-rc.d >/dev/null 2>&1 && [[ -x /etc/init.d/openvswitch-testcontroller ]]; then
    update-rc.d openvswitch-testcontroller disable >/dev/null 2>&1 || true
fi
if [[ -f "$TESTCONTROLLER_PIDFILE" ]]; then
    pid="$(cat "$TESTCONTROLLER_PIDFILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == /usr/bin/ovs-testcontroller ]]; then
        say "stopping the packaged ovs-testcontroller daemon (pid $pid from $TESTCONTROLLER_PIDFILE)"
        kill "$pid" || true
        for _ in $(seq 1 50); do
            [[ -d "/proc/$pid" ]] || break
            sleep 0.1
        done
        if [[ -d "/proc/$pid" ]]; then
            kill -9 "$pid" || true
        fi
    fi
    rm -f "$TESTCONTROLLER_PIDFILE"
fi

# 3. Open vSwitch -----------------------------------------------------------------------------
if ovs-vsctl --timeout=2 show >/dev/null 2>&1; then
    say "Open vSwitch is running"
else
    # systemctl does not work here (PID 1 is not systemd); ovs-ctl starts ovsdb-server and
    # ovs-vswitchd. Without the kernel module the bridges must use datapath_type=netdev.
    say "starting Open vSwitch"
    "$OVS_CTL" start --system-id=random
    for _ in $(seq 1 100); do
        if ovs-vsctl --timeout=2 show >/dev/null 2>&1; then
            break
        fi
        sleep 0.1
    done
    if ! ovs-vsctl --timeout=2 show >/dev/null 2>&1; then
        say "ERROR: Open vSwitch does not answer 'ovs-vsctl show' after start"
        exit 1
    fi
    say "Open vSwitch is running"
fi

# 4. report -----------------------------------------------------------------------------------
listeners="$(ss -ltnp 2>/dev/null | grep 'ovs-testcontrol' || true)"
if [[ -n "$listeners" ]]; then
    say "WARNING: an ovs-testcontroller still listens (not the packaged daemon; left alone):"
    printf '%s\n' "$listeners"
fi
say "ready: $(ovs-vsctl --version | head -n 1), mininet $(/usr/bin/python3 -c 'import mininet.net; print(mininet.net.VERSION)' 2>/dev/null || echo '?')"
