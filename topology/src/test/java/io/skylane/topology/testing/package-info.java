/**
 * Test helpers of the topology module, shipped in its test-jar for the modules above: a
 * deterministic scheduler, an emulated fabric that carries probes between fake switches,
 * hand-built and generated topology snapshots ({@link io.skylane.topology.testing.TopologyBuilder},
 * {@link io.skylane.topology.testing.Topologies}), fake topology and host services over fixed
 * data, and recording listeners.
 */
package io.skylane.topology.testing;
