/**
 * Forwarding apps: {@link io.skylane.topology.fwd.PathForwarding}, proactive per-destination-host
 * rules along shortest paths (ECMP select and fast-failover groups) computed by the pure
 * {@link io.skylane.topology.fwd.ForwardingCompiler}, with controller-side flooding to edge ports;
 * and {@link io.skylane.topology.fwd.LearningSwitch}, a bounded, ageing reactive L2 learning switch
 * in the manner of Ryu's {@code simple_switch_13}.
 */
package io.skylane.topology.fwd;
