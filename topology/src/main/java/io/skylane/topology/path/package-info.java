/**
 * Paths over a topology snapshot: shortest, equal-cost (ECMP), k-shortest and link-disjoint
 * paths, the broadcast tree, and per destination the next-hop table of every switch with
 * loop-free alternates. Everything here is a pure function of one {@link
 * io.skylane.topology.TopologySnapshot} and a {@link io.skylane.topology.path.LinkWeigher},
 * computed lazily with JGraphT and cached with the snapshot; {@link
 * io.skylane.topology.path.PathManager} is the {@link io.skylane.topology.PathService} over the
 * current snapshot.
 */
package io.skylane.topology.path;
