/**
 * Test helpers of the topology module: a deterministic scheduler, an emulated fabric that carries
 * probes between fake switches, and recording listeners.
 */
package io.skylane.topology.testing;
