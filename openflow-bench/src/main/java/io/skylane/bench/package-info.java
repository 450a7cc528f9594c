/**
 * The switch emulator and OpenFlow load generator behind {@code skylane bench}, after cbench but
 * honest: N emulated switches over real TCP, each PACKET_IN scored once when the first FLOW_MOD or
 * PACKET_OUT answering it arrives. Modes: latency, throughput, flow programming through the REST
 * API, connection storm ({@link io.skylane.bench.LoadGenerator}), tenant churn (concurrent
 * REST clients creating ports, {@link io.skylane.bench.ChurnRun}, no switches), switches held
 * connected as a load beside another measurement ({@link io.skylane.bench.HoldRun}); plus
 * {@link io.skylane.bench.SinkController}, a trivial controller that measures the
 * generator's own ceiling and serves as the tests' fake controller.
 *
 * <p>Hot path: packet-ins are patched into a per-switch template and answers are decoded by peeking
 * at a few header fields; openflowj (and southbound's message reader) is used only for
 * handshake-time and rare messages. Its own module, outside the controller: only the server's
 * {@code skylane bench} command uses it.
 */
package io.skylane.bench;
