"""Networks as orchestrators drive them with openstacksdk: paging by the *_links the server
answers, filters, sorting and fields, conditional updates (if_revision), the tag mixin and the tag
filters, find_* and get_* (another project's id), and the server's refusals as the SDK's
exceptions. Arguments: the tenant's cloud, another tenant's cloud, the admin's cloud.
"""
from sdkcheck import Requests, connect, error, run, step


def main(out, cloud, other_cloud, admin_cloud):
    conn = connect(cloud)
    other = connect(other_cloud)
    admin = connect(admin_cloud)

    step("create five networks")
    made = [conn.network.create_network(name="page-%d" % i, description="odd" if i % 2 else "even")
            for i in range(5)]
    out["made"] = sorted(n.name for n in made)

    step("walk the pages of networks(limit=2)")
    seen = Requests(conn.network)
    seen.take()
    out["paged"] = [n.name for n in conn.network.networks(limit=2)]
    out["paged_requests"] = seen.take()
    out["paged_filtered"] = [n.name for n in conn.network.networks(limit=2, description="odd")]
    out["paged_filtered_requests"] = seen.take()

    step("security groups: sorted, paged, only some fields")
    for i in range(3):
        conn.network.create_security_group(name="sg-%d" % i, description="group %d" % i)
    out["groups_sorted"] = [g.name for g in conn.network.security_groups(
        limit=2, sort_key="name", sort_dir="desc")]
    out["groups_sorted_requests"] = seen.take()
    only = list(conn.network.security_groups(fields=["id", "name"]))
    out["groups_fields"] = {"count": len(only), "ids": all(g.id for g in only),
                            "names": sorted(g.name for g in only),
                            "descriptions": sorted({str(g.description) for g in only})}

    step("conditional updates")
    net = made[0]
    revision = net.revision_number
    updated = conn.network.update_network(net.id, name="page-0b", if_revision=revision)
    out["if_revision_current"] = {"name": updated.name, "revision": updated.revision_number,
                                  "was": revision}
    out["if_revision_stale"] = error(
        lambda: conn.network.update_network(net.id, name="page-0c", if_revision=revision))
    out["after_stale"] = conn.network.get_network(net.id).name

    step("tags through the tag mixin")
    tagged = conn.network.get_network(made[1].id)
    conn.network.set_tags(tagged, ["blue", "green"])
    tagged = conn.network.get_network(tagged.id)
    out["tags_set"] = sorted(tagged.tags)
    tagged.add_tag(conn.network, "red")
    tagged.remove_tag(conn.network, "blue")
    out["tags_changed"] = sorted(conn.network.get_network(tagged.id).tags)
    out["check_tag_present"] = tagged.check_tag(conn.network, "red").id == tagged.id
    out["check_tag_absent"] = error(lambda: tagged.check_tag(conn.network, "blue"))
    conn.network.set_tags(conn.network.get_network(made[2].id), ["green"])

    step("tag filters")

    def named(**filters):
        return sorted(n.name for n in conn.network.networks(**filters))

    out["tags_all"] = named(tags="green,red")
    out["tags_any"] = named(any_tags="green,red")
    out["not_tags"] = named(not_tags="green,red")
    out["not_any_tags"] = named(not_any_tags="green,red")

    step("find and get, and another project's network")
    out["find_by_name"] = conn.network.find_network("page-3").id == made[3].id
    out["find_by_id"] = conn.network.find_network(made[3].id).name
    out["find_missing"] = conn.network.find_network("no-such-network") is None
    theirs = other.network.create_network(name="theirs")
    out["get_theirs"] = error(lambda: conn.network.get_network(theirs.id))
    out["find_theirs"] = conn.network.find_network(theirs.id) is None
    out["find_theirs_strict"] = error(lambda: conn.network.find_network(theirs.id, ignore_missing=False))
    out["admin_sees_theirs"] = admin.network.get_network(theirs.id).project_id == theirs.project_id

    step("refusals: bad CIDR, overlap, in use")
    subnet = conn.network.create_subnet(network_id=made[4].id, ip_version=4, cidr="10.60.0.0/24", name="s")
    out["bad_cidr"] = error(lambda: conn.network.create_subnet(
        network_id=made[4].id, ip_version=4, cidr="10.60.1.7/24"))
    out["overlap"] = error(lambda: conn.network.create_subnet(
        network_id=made[4].id, ip_version=4, cidr="10.60.0.0/16"))
    out["shared"] = error(lambda: conn.network.create_network(name="x", shared=True))
    port = conn.network.create_port(network_id=made[4].id)
    out["subnet_in_use"] = error(lambda: conn.network.delete_subnet(subnet))
    out["network_in_use"] = error(lambda: conn.network.delete_network(made[4]))
    conn.network.delete_port(port)
    conn.network.delete_network(made[4])
    out["deleted"] = conn.network.find_network(made[4].id) is None
    out["subnet_gone"] = conn.network.find_subnet(subnet.id) is None


run(main)
