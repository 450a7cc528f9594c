"""Routers as orchestrators make them with openstacksdk: create_router, add_interface_to_router
by subnet, the interface ports found with ports(device_id=router.id), remove_interface_from_router
by subnet and by port, paging, and the server's refusals as the SDK's exceptions. Arguments: the
tenant's cloud, another tenant's cloud.
"""
from sdkcheck import connect, error, run, step


def main(out, cloud, other_cloud):
    conn = connect(cloud)
    other = connect(other_cloud)

    step("two networks with a subnet each, a router")
    a = conn.network.create_network(name="front")
    sa = conn.network.create_subnet(network_id=a.id, ip_version=4, cidr="10.80.0.0/24", name="front-s")
    b = conn.network.create_network(name="back")
    sb = conn.network.create_subnet(network_id=b.id, ip_version=4, cidr="10.81.0.0/24", name="back-s")
    router = conn.network.create_router(name="r1", description="joins front and back")
    out["router"] = {"status": router.status, "admin_state_up": router.is_admin_state_up,
                     "external_gateway_info": router.external_gateway_info, "routes": router.routes,
                     "project_id": router.project_id}

    step("interfaces by subnet")
    added = [conn.network.add_interface_to_router(router, subnet_id=s.id) for s in (sa, sb)]
    out["added"] = [{"subnet_id": x["subnet_id"] == s.id, "network_id": x["network_id"] == s.network_id,
                     "port_id": bool(x["port_id"])} for x, s in zip(added, (sa, sb))]
    interfaces = list(conn.network.ports(device_id=router.id))
    out["interfaces"] = sorted(
        [{"device_owner": p.device_owner, "ip_address": p.fixed_ips[0]["ip_address"], "status": p.status,
          "network": "front" if p.network_id == a.id else "back" if p.network_id == b.id else p.network_id,
          "is_added_port": p.id in {x["port_id"] for x in added}} for p in interfaces],
        key=lambda x: x["ip_address"])
    out["interface_shown"] = conn.network.get_port(added[0]["port_id"]).device_id == router.id

    step("refusals")
    out["delete_with_interfaces"] = error(lambda: conn.network.delete_router(router))
    out["subnet_twice"] = error(lambda: conn.network.add_interface_to_router(router, subnet_id=sa.id))
    theirs = other.network.create_network(name="theirs")
    their_subnet = other.network.create_subnet(network_id=theirs.id, ip_version=4, cidr="10.82.0.0/24")
    out["their_subnet"] = error(lambda: conn.network.add_interface_to_router(router, subnet_id=their_subnet.id))
    out["their_router"] = error(lambda: other.network.get_router(router.id))
    out["interface_port_delete"] = error(lambda: conn.network.delete_port(added[0]["port_id"]))
    out["subnet_on_router_delete"] = error(lambda: conn.network.delete_subnet(sa))

    step("paging and find")
    for i in range(2):
        conn.network.create_router(name="spare-%d" % i)
    out["paged"] = sorted(r.name for r in conn.network.routers(limit=1))
    out["find_by_name"] = conn.network.find_router("r1").id == router.id

    step("remove the interfaces, by subnet and by port")
    conn.network.remove_interface_from_router(router, subnet_id=sa.id)
    out["after_remove_by_subnet"] = [p.fixed_ips[0]["ip_address"] for p in conn.network.ports(device_id=router.id)]
    conn.network.remove_interface_from_router(router, port_id=added[1]["port_id"])
    out["after_remove_by_port"] = [p.id for p in conn.network.ports(device_id=router.id)]
    out["remove_absent"] = error(lambda: conn.network.remove_interface_from_router(router, subnet_id=sa.id))

    step("delete")
    conn.network.delete_router(router)
    out["deleted"] = conn.network.find_router(router.id) is None
    for r in list(conn.network.routers()):
        conn.network.delete_router(r)
    conn.network.delete_network(a)
    conn.network.delete_network(b)


run(main)
