/**
 * Reactive forwarding for lab mode: a bounded, ageing L2 learning switch that installs
 * (in_port, eth_src, eth_dst) rules on packet-ins, in the manner of Ryu's {@code simple_switch_13}.
 */
package io.skylane.topology.fwd;
