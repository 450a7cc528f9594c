package io.skylane.core.packet;

/** A frame too short or inconsistent to parse as what its headers claim. */
public class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message);
    }
}
