/**
 * L4 load balancers (VIP, listeners, pools, members, health monitors), compiled to rules and
 * groups. No code yet: load balancing is its own issue.
 */
package io.skylane.lb;
