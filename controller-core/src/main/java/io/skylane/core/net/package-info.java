/** Immutable value types of the network model: devices, ports, addresses. No OpenFlow types. */
package io.skylane.core.net;
