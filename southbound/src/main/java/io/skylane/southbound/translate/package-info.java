/**
 * Translation between core types ({@code io.skylane.core.*}) and openflowj messages, both ways.
 * Pure functions without I/O; every message is built from the connection's own {@code OFFactory},
 * so the same code serves OpenFlow 1.0 and 1.3. The one exception is the hot write path of flow
 * rule batches: {@link io.skylane.southbound.translate.FlowModWriter} writes OpenFlow 1.3 FLOW_MODs
 * straight into a buffer, byte for byte what openflowj writes for the same rule. Encoding a request the switch's version cannot
 * express throws {@link java.lang.IllegalArgumentException}; decoding something the core types
 * cannot express throws {@link io.skylane.southbound.translate.UndecodableException}.
 */
package io.skylane.southbound.translate;
