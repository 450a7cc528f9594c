"""A load balancer as orchestrators make one with openstacksdk (Kubernetes' cloud provider,
Terraform's provider): create_load_balancer on a VIP subnet, wait_for_load_balancer after each
change, a listener, a SOURCE_IP_PORT pool, members, a health monitor, statistics and the status
tree, then a cascade delete. Argument: the tenant's cloud.
"""
from openstack import resource

from sdkcheck import connect, error, run, step

WAIT = {"interval": 1, "wait": 60}


def main(out, cloud):
    conn = connect(cloud)
    lbs = conn.load_balancer

    step("a network and a subnet for the VIP and the members")
    net = conn.network.create_network(name="lb-net")
    subnet = conn.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.90.0.0/24")

    step("the load balancer, until ACTIVE")
    lb = lbs.create_load_balancer(name="web-lb", vip_subnet_id=subnet.id)
    out["created"] = {"provisioning_status": lb.provisioning_status, "vip_address": lb.vip_address,
                      "vip_network_id": lb.vip_network_id == net.id}
    vip_port = conn.network.get_port(lb.vip_port_id)
    out["vip_port"] = {"device_owner": vip_port.device_owner, "address": vip_port.fixed_ips[0]["ip_address"],
                       "is_the_vip": vip_port.fixed_ips[0]["ip_address"] == lb.vip_address}
    lb = lbs.wait_for_load_balancer(lb.id, **WAIT)
    out["active"] = {"provisioning_status": lb.provisioning_status, "operating_status": lb.operating_status}

    step("listener, pool, members, health monitor")
    listener = lbs.create_listener(name="http", loadbalancer_id=lb.id, protocol="TCP", protocol_port=80)
    lbs.wait_for_load_balancer(lb.id, **WAIT)
    pool = lbs.create_pool(name="web", listener_id=listener.id, protocol="TCP", lb_algorithm="SOURCE_IP_PORT")
    lbs.wait_for_load_balancer(lb.id, **WAIT)
    for i, address in enumerate(["10.90.0.21", "10.90.0.22"]):
        lbs.create_member(pool, address=address, protocol_port=8080, subnet_id=subnet.id, weight=i + 1)
        lbs.wait_for_load_balancer(lb.id, **WAIT)
    monitor = lbs.create_health_monitor(pool_id=pool.id, type="TCP", delay=5, timeout=3, max_retries=3)
    lb = lbs.wait_for_load_balancer(lb.id, **WAIT)
    out["listener"] = {"protocol": listener.protocol, "port": listener.protocol_port,
                       "default_pool": lbs.get_listener(listener.id).default_pool_id == pool.id}
    out["pool"] = {"lb_algorithm": lbs.get_pool(pool.id).lb_algorithm, "protocol": pool.protocol}
    out["members"] = sorted([m.address, m.protocol_port, m.weight] for m in lbs.members(pool))
    out["health_monitor"] = {"type": monitor.type, "delay": monitor.delay,
                             "pools": [p["id"] == pool.id for p in lbs.get_health_monitor(monitor.id).pools]}
    out["after_changes"] = lb.provisioning_status
    out["listed"] = [x.name for x in lbs.load_balancers(name="web-lb")]
    out["bad_algorithm"] = error(lambda: lbs.create_pool(
        name="x", loadbalancer_id=lb.id, protocol="TCP", lb_algorithm="FASTEST"))

    step("updates, each waited for")
    lbs.update_load_balancer(lb.id, name="web-lb-2", description="renamed")
    lb = lbs.wait_for_load_balancer(lb.id, **WAIT)
    lbs.update_listener(listener.id, name="http-2")
    lbs.wait_for_load_balancer(lb.id, **WAIT)
    first = next(m for m in lbs.members(pool) if m.address == "10.90.0.21")
    lbs.update_member(first, pool, weight=5)
    lb = lbs.wait_for_load_balancer(lb.id, **WAIT)
    out["updated"] = {"name": lb.name, "description": lb.description, "provisioning_status": lb.provisioning_status,
                      "listener": lbs.get_listener(listener.id).name,
                      "weights": sorted(m.weight for m in lbs.members(pool))}

    step("statistics and the status tree")
    out["statistics"] = error(lambda: lbs.get_load_balancer_statistics(lb.id))
    tree = lbs.get("/lbaas/loadbalancers/%s/status" % lb.id).json()["statuses"]["loadbalancer"]
    out["status_tree"] = {"listeners": len(tree["listeners"]), "pools": len(tree["listeners"][0]["pools"]),
                          "members": len(tree["listeners"][0]["pools"][0]["members"]),
                          "health_monitor": tree["listeners"][0]["pools"][0]["health_monitor"]["id"] == monitor.id}

    step("cascade delete")
    out["network_in_use"] = error(lambda: conn.network.delete_network(net))
    lbs.delete_load_balancer(lb, cascade=True)
    resource.wait_for_delete(lbs, lb, **WAIT)
    out["deleted"] = {"load_balancers": len(list(lbs.load_balancers())), "listeners": len(list(lbs.listeners())),
                      "pools": len(list(lbs.pools())), "health_monitors": len(list(lbs.health_monitors()))}
    conn.network.delete_network(net)


run(main)
