/**
 * The contract between the core and the southbound: the core drives switches through
 * {@link io.skylane.core.southbound.SwitchHandle} and hears from them through
 * {@link io.skylane.core.southbound.SouthboundListener}. No OpenFlow wire types cross it.
 */
package io.skylane.core.southbound;
