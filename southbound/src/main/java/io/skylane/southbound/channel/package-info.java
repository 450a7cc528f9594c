/**
 * The OpenFlow connection over Netty: framing, the per-connection handshake state machine, the
 * {@link io.skylane.core.southbound.SwitchHandle} of a ready connection and its pending requests.
 * All per-connection state is confined to the connection's event loop; only the counters and the
 * registry of ready switches are shared.
 */
package io.skylane.southbound.channel;
