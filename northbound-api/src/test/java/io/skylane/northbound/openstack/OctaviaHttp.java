package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;

/** A tenant with a network and a subnet, and calls to Octavia as that tenant, over real HTTP. */
abstract class OctaviaHttp extends OpenStackHttp {

    static final String LBAAS = "/load-balancer/v2/lbaas";

    Tenant acme;
    String token;
    String network;
    String subnet;

    @BeforeEach
    void network() throws Exception {
        acme = tenant("acme");
        token = login(acme);
        network = as(token, "POST", "/networking/v2.0/networks", "{'network': {'name': 'web'}}").body()
                .at("/network/id").asText();
        subnet = subnet(token, network, "10.0.0.0/24");
    }

    String subnet(String tok, String net, String cidr) throws Exception {
        Answer a = as(tok, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + net
                + "', 'ip_version': 4, 'cidr': '" + cidr + "'}}");
        assertEquals(201, a.status(), a.raw().body());
        return a.body().at("/subnet/id").asText();
    }

    /** A create that must succeed: the new resource's Octavia form. */
    JsonNode made(String path, String body) throws Exception {
        Answer a = as(token, "POST", LBAAS + path, body);
        assertEquals(201, a.status(), a.raw().body());
        return a.body().elements().next();
    }

    String loadBalancer(String name) throws Exception {
        return made("/loadbalancers", "{'loadbalancer': {'name': '" + name + "', 'vip_subnet_id': '" + subnet
                + "', 'admin_state_up': true}}").get("id").asText();
    }

    /** An error in Octavia's format: the status and the faultstring. */
    static String fault(Answer a, int status) {
        assertEquals(status, a.status(), a.raw().body());
        assertEquals(status < 500 ? "Client" : "Server", a.body().get("faultcode").asText(), a.raw().body());
        assertTrue(a.body().get("debuginfo").isNull(), a.raw().body());
        assertEquals(3, a.body().size(), a.raw().body());
        return a.body().get("faultstring").asText();
    }
}
