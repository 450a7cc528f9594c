/**
 * The OpenFlow southbound: {@link io.skylane.southbound.OpenFlowServer} accepts switches over
 * OpenFlow 1.3 and 1.0 (Netty, openflowj), runs the handshake and reports each ready switch to the
 * core's {@link io.skylane.core.southbound.SouthboundListener} with a
 * {@link io.skylane.core.southbound.SwitchHandle}. The only module that imports openflowj.
 */
package io.skylane.southbound;
