/**
 * The slot table of a pool ({@link io.skylane.lb.slots.SlotTable}): which member takes the new
 * connections of each of the slots that Open vSwitch hashes clients into, computed by weighted
 * Maglev from the members' ids, weights and states (docs/load-balancer-design.md).
 */
package io.skylane.lb.slots;
