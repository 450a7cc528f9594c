/**
 * L4 load balancers (VIP, listeners, pools, members, health monitors), compiled to rules and
 * groups. So far the member selection's slot table ({@link io.skylane.lb.slots}), the health probes
 * ({@link io.skylane.lb.health}) and the frames they and the refusals of new connections use
 * ({@link io.skylane.lb.frames}); the compiler and the data plane are to come (issue #13,
 * docs/load-balancer-design.md).
 */
package io.skylane.lb;
