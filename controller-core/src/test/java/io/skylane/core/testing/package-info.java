/**
 * Test fakes shipped to every module's tests through controller-core's {@code test-jar}:
 * synchronous event delivery, recording listeners, a mutable clock, an emulated switch
 * ({@link io.skylane.core.testing.FakeSwitchHandle}), packet builders, no-op service adapters, and
 * {@link io.skylane.core.testing.TestCore}, the real core managers wired together for tests.
 *
 * <p>Pipeline tests use the data-plane simulator: {@link io.skylane.core.testing.SimSwitch} runs
 * the flow rules and groups an app emits through OpenFlow 1.3 multi-table semantics and reports
 * where a {@link io.skylane.core.testing.SimPacket} goes ({@link io.skylane.core.testing.SimResult});
 * {@link io.skylane.core.testing.SimFabric} joins switches with links, host ports and flow-based
 * tunnels (Open vSwitch's {@code tun_id}/{@code tun_dst} on a tunnel port, between endpoint
 * addresses; see {@link io.skylane.core.testing.SimTunnels}) and follows the copies to where they are delivered, punted or dropped. Both take packet-outs from the
 * controller too. The simulator runs Open vSwitch's {@code ct} (with NAT, see
 * {@link io.skylane.core.testing.Conntrack}), {@code multipath} (modulo_n, with its own hash) and
 * conjunctive matches ({@code conjunction} and {@code conj_id}, see {@link io.skylane.core.testing.SimTable}).
 * Tests assert where a packet ends up, not the text of the rules.
 */
package io.skylane.core.testing;
