/**
 * The physical network as the controller learns it: links from LLDP discovery, hosts from their
 * packets, published as immutable topology snapshots (a JGraphT graph plus indexes).
 */
package io.skylane.topology;
