/**
 * LLDP link discovery: signed probes out of every enabled port of every connected switch, links
 * from the probes that come back, removed at once when a port or switch goes away and after a
 * timeout when probes stop arriving.
 */
package io.skylane.topology.discovery;
