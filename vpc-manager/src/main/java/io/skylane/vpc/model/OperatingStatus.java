package io.skylane.vpc.model;

/**
 * What the data plane and the health monitors observe of a load-balancing resource, as Octavia
 * names it: a member is {@code ONLINE} or {@code ERROR} by its monitor ({@code NO_MONITOR} without
 * one), {@code DRAINING} while it takes no new connections; a pool or load balancer is
 * {@code DEGRADED} when some of its members are down and {@code ERROR} when all are.
 */
public enum OperatingStatus {
    ONLINE, DRAINING, OFFLINE, DEGRADED, ERROR, NO_MONITOR
}
