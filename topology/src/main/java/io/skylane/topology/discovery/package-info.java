/**
 * LLDP link discovery: signed probes out of the enabled ports of every connected switch (never a
 * port a tenant claims, a port with hosts behind it rarely), links from the probes that come back,
 * removed at once when a port or switch goes away and after a timeout when probes stop arriving.
 */
package io.skylane.topology.discovery;
