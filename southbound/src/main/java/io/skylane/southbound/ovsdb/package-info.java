/**
 * Skylane's OVSDB management client (RFC 7047) for hypervisors' Open vSwitch: JSON-RPC 1.0 over
 * TCP or a unix socket (Netty, Jackson), a monitored view of the Open_vSwitch, Bridge, Port and
 * Interface tables per connection, and the one transaction that creates, updates or removes a
 * bridge's flow-based tunnel port. {@link io.skylane.southbound.ovsdb.OvsdbManager} is the facade;
 * docs/architecture.md ("The OVSDB client") describes it. Per-connection state is confined to the
 * connection's event loop; views are immutable.
 */
package io.skylane.southbound.ovsdb;
