package io.skylane.southbound.translate;

/**
 * A packet-out that no PACKET_OUT can carry, even split: the frame alone (or with the actions
 * that must precede one output) exceeds the 65,535 bytes of an OpenFlow message, or a buffered
 * packet's actions do (a switch buffer can be released once only, so it is never split).
 */
public class PacketTooLargeException extends RuntimeException {

    public PacketTooLargeException(String message) {
        super(message);
    }
}
