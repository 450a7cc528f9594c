/**
 * L4 load balancers (VIP, listeners, pools, members, health monitors), compiled to rules and
 * groups. So far only the member selection's slot table ({@link io.skylane.lb.slots}); the compiler,
 * the data plane and the health monitors are to come (issue #13, docs/load-balancer-design.md).
 */
package io.skylane.lb;
