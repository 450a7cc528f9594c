package io.skylane.core.packet;

/**
 * Handles packet-ins. Runs on the switch connection's I/O thread: it must not block; work that
 * may block goes to the app's own executor.
 */
@FunctionalInterface
public interface PacketProcessor {

    /** Order for discovery (LLDP): first. */
    int DISCOVERY = 100;
    /** Order for observers (host tracking). */
    int OBSERVER = 200;
    /**
     * Order for the load balancer: probe answers and refused connections, which come from tenant
     * ports, before the tenant responder takes everything a tenant port sends.
     */
    int LOAD_BALANCER = 400;
    /** Order for pipeline apps that answer on behalf of the network (ARP responder, DHCP). */
    int RESPONDER = 500;
    /** Order for forwarding apps: last. */
    int FORWARDING = 1000;

    void process(PacketContext context);
}
