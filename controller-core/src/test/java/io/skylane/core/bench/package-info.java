/**
 * JMH benchmarks of the core (flow rule service). Run with {@code lab/jmh.sh controller-core}; see
 * docs/benchmarks.md for the layout rule and the recorded numbers.
 */
package io.skylane.core.bench;
