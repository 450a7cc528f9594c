/**
 * JMH benchmarks of the OpenFlow channel: codec, and the learning switch's packet-in path end to
 * end. Run with {@code lab/jmh.sh southbound}; see docs/benchmarks.md for the layout rule and the
 * recorded numbers.
 */
package io.skylane.southbound.bench;
