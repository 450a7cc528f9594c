/**
 * IPv4 frames the load balancer writes and reads itself, with every checksum computed: TCP, UDP
 * and ICMP over IPv4 built byte by byte ({@link io.skylane.lb.frames.Ip4Frames}), a received frame's
 * IPv4 packet read without ever throwing ({@link io.skylane.lb.frames.Ip4Packet}), and the answer
 * that refuses a new connection to a VIP whose pool has no member up
 * ({@link io.skylane.lb.frames.Refusals}: TCP RST or ICMP port unreachable).
 */
package io.skylane.lb.frames;
