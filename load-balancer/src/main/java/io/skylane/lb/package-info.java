/**
 * L4 load balancers (VIP, listeners, pools, members, health monitors), compiled to rules: the data
 * plane ({@link io.skylane.lb.dataplane}: the compiler and the service that keeps the rules and the
 * statuses), the member selection's slot table ({@link io.skylane.lb.slots}), the health probes
 * ({@link io.skylane.lb.health}) and the frames they and the refusals of new connections use
 * ({@link io.skylane.lb.frames}). docs/pipeline.md ("Load balancer") and
 * docs/load-balancer-design.md describe them.
 */
package io.skylane.lb;
