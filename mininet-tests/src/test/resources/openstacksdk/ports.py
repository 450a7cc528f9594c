"""Ports and security groups as orchestrators make them with openstacksdk: fixed IPs, allowed
address pairs, binding_profile (where the port is), security groups and port security, rules with
remote_group_id and port ranges, the ports found by fixed_ips, paging and fields, and the server's
refusals as the SDK's exceptions. Argument: the tenant's cloud.
"""
from sdkcheck import Requests, connect, error, run, step


def main(out, cloud):
    conn = connect(cloud)

    step("a network, a subnet, a security group with rules")
    net = conn.network.create_network(name="app")
    subnet = conn.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.70.0.0/24", name="app-s")
    web = conn.network.create_security_group(name="web", description="web tier")
    by_group = conn.network.create_security_group_rule(
        security_group_id=web.id, direction="ingress", ethertype="IPv4", protocol="tcp",
        port_range_min=8000, port_range_max=8080, remote_group_id=web.id)
    by_prefix = conn.network.create_security_group_rule(
        security_group_id=web.id, direction="ingress", ethertype="IPv4", protocol="udp",
        port_range_min=53, port_range_max=53, remote_ip_prefix="10.70.0.0/16")
    out["rule_by_group"] = {"remote_group_id": by_group.remote_group_id == web.id,
                            "min": by_group.port_range_min, "max": by_group.port_range_max,
                            "protocol": by_group.protocol, "direction": by_group.direction,
                            "ethertype": by_group.ether_type}
    out["rule_by_prefix"] = {"remote_ip_prefix": by_prefix.remote_ip_prefix, "protocol": by_prefix.protocol,
                             "min": by_prefix.port_range_min}
    out["group_rules"] = len(conn.network.get_security_group(web.id).security_group_rules)
    out["rules_of_group"] = len(list(conn.network.security_group_rules(security_group_id=web.id)))
    out["rule_twice"] = error(lambda: conn.network.create_security_group_rule(
        security_group_id=web.id, direction="ingress", ethertype="IPv4", protocol="tcp",
        port_range_min=8000, port_range_max=8080, remote_group_id=web.id))

    step("a port with fixed IPs, address pairs, a binding profile and a security group")
    port = conn.network.create_port(
        network_id=net.id, name="vm-1-eth0",
        fixed_ips=[{"subnet_id": subnet.id, "ip_address": "10.70.0.10"}],
        allowed_address_pairs=[{"ip_address": "10.70.0.100", "mac_address": "fa:16:3e:00:00:01"},
                               {"ip_address": "10.70.0.128/25"}],
        binding_profile={"dpid": "00000000000000d1", "port": 3},
        security_group_ids=[web.id], device_id="vm-1", device_owner="compute:nova")
    out["port"] = {"id": port.id, "fixed_ips": port.fixed_ips, "mac_address": port.mac_address,
                   "allowed_address_pairs": port.allowed_address_pairs,
                   "binding_profile": port.binding_profile, "binding_vif_type": port.binding_vif_type,
                   "binding_vnic_type": port.binding_vnic_type,
                   "security_groups": port.security_group_ids == [web.id],
                   "port_security": port.is_port_security_enabled, "status": port.status,
                   "device_id": port.device_id, "device_owner": port.device_owner}
    for i in range(3):
        conn.network.create_port(network_id=net.id, name="spare-%d" % i)

    step("ports found by device, by fixed IP, paged, with some fields")
    out["by_device"] = [p.name for p in conn.network.ports(device_id="vm-1")]
    out["by_fixed_ip"] = [p.name for p in conn.network.ports(fixed_ips=["ip_address=10.70.0.10"])]
    out["by_subnet_and_ip"] = [p.name for p in conn.network.ports(
        fixed_ips=["subnet_id=" + subnet.id, "ip_address=10.70.0.10"])]
    seen = Requests(conn.network)
    out["paged"] = sorted(p.name for p in conn.network.ports(network_id=net.id, limit=3))
    out["paged_requests"] = seen.take()
    slim = list(conn.network.ports(network_id=net.id, fields=["id", "name"]))
    out["fields"] = {"names": sorted(p.name for p in slim), "macs": sorted({str(p.mac_address) for p in slim})}

    step("port security, binding changes")
    out["insecure_with_groups"] = error(lambda: conn.network.update_port(port.id, is_port_security_enabled=False))
    off = conn.network.update_port(port.id, is_port_security_enabled=False, security_group_ids=[],
                                   allowed_address_pairs=[])
    out["insecure"] = {"port_security": off.is_port_security_enabled, "groups": off.security_group_ids,
                       "pairs": off.allowed_address_pairs}
    learned = conn.network.update_port(port.id, binding_profile={})
    out["learned"] = learned.binding_profile

    step("refusals")
    out["address_in_use"] = error(lambda: conn.network.create_port(
        network_id=net.id, fixed_ips=[{"ip_address": "10.70.0.10"}]))
    out["outside_subnet"] = error(lambda: conn.network.create_port(
        network_id=net.id, fixed_ips=[{"subnet_id": subnet.id, "ip_address": "10.71.0.10"}]))
    out["host_id"] = error(lambda: conn.network.create_port(network_id=net.id, binding_host_id="compute-1"))
    spare = conn.network.find_port("spare-0")
    conn.network.update_port(spare.id, security_group_ids=[web.id])
    out["group_in_use"] = error(lambda: conn.network.delete_security_group(web))

    step("deletes")
    conn.network.update_port(spare.id, security_group_ids=[])
    conn.network.delete_security_group(web)
    out["group_deleted"] = conn.network.find_security_group("web") is None
    for p in list(conn.network.ports(network_id=net.id)):
        conn.network.delete_port(p)
    conn.network.delete_network(net)
    out["network_deleted"] = conn.network.find_network(net.id) is None


run(main)
