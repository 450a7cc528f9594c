package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;

/** A tenant logged in to Keystone, and Neutron's networks and subnets made as that tenant, over real HTTP. */
abstract class NeutronHttp extends OpenStackHttp {

    Tenant acme;
    String token;

    @BeforeEach
    void loginAcme() throws Exception {
        acme = tenant("acme");
        token = login(acme);
    }

    /** A network of acme's: its id. */
    String network(String name) throws Exception {
        Answer a = as(token, "POST", "/networking/v2.0/networks", "{'network': {'name': '" + name + "'}}");
        assertEquals(201, a.status(), a.raw().body());
        return a.body().at("/network/id").asText();
    }

    /** An IPv4 subnet of one of acme's networks: its id. */
    String subnet(String network, String cidr) throws Exception {
        Answer a = as(token, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + network
                + "', 'cidr': '" + cidr + "', 'ip_version': 4}}");
        assertEquals(201, a.status(), a.raw().body());
        return a.body().at("/subnet/id").asText();
    }
}
