/**
 * The tenant data plane at run time: places ports on switch ports, recompiles and hands the rules
 * to the flow rule service when intents or the topology change, tracks each port's status, and
 * answers tenant frames addressed to the controller (ARP, DHCP, pings to the gateway).
 */
package io.skylane.vpc.dataplane;
