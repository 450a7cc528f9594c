/** Packet-in processing, packet-out, and the small frame parsers (Ethernet, ARP, IPv4) apps need. */
package io.skylane.core.packet;
