/**
 * The physical network as the controller learns it: links from LLDP discovery, hosts from their
 * packets, published as immutable topology snapshots (a JGraphT graph plus indexes). This package
 * holds the model ({@link io.skylane.topology.Link}, {@link io.skylane.topology.Host},
 * {@link io.skylane.topology.TopologySnapshot}) and every service interface of the module with its
 * events and listeners ({@link io.skylane.topology.TopologyService},
 * {@link io.skylane.topology.HostService}, {@link io.skylane.topology.PathService}, and
 * {@link io.skylane.topology.LinkSource}, where the topology manager reads links from); the
 * implementations live in the sub-packages ({@code impl}, {@code host}, {@code path},
 * {@code discovery}).
 */
package io.skylane.topology;
