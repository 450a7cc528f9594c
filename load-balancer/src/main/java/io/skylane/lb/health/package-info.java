/**
 * Health monitoring of load-balancer members (docs/load-balancer-design.md §5): the controller
 * probes each member of a pool with a health monitor from the VIP's address, as a packet-out at the
 * member's switch, and reads the answers the switch punts back.
 * <ul>
 * <li>{@link io.skylane.lb.health.ProbeTarget}: one member to probe and how;</li>
 * <li>{@link io.skylane.lb.health.ProbeFrames}: the probes (TCP SYN and its RST, ICMP echo, UDP)
 *     and the parsing of answers into a {@link io.skylane.lb.health.ProbeAnswer};</li>
 * <li>{@link io.skylane.lb.health.MemberHealth}: the up/down verdict after consecutive successes
 *     and failures, as Octavia counts them;</li>
 * <li>{@link io.skylane.lb.health.HealthProber}: the scheduler: spreads the probes over time,
 *     bounds them per switch, matches answers to outstanding probes, times them out and reports
 *     each transition to a {@link io.skylane.lb.health.HealthListener}.</li>
 * </ul>
 */
package io.skylane.lb.health;
