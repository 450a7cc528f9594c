/**
 * Host tracking: end hosts learned from the ARP and IPv4 packet-ins at edge ports, with their
 * moves, addresses, ageing and a bound on how many are kept.
 */
package io.skylane.topology.host;
