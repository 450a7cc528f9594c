package io.skylane.core.net;

/** The OpenFlow version a switch connection negotiated. A label only: no wire types here. */
public enum ProtocolVersion {
    OF_10("1.0"),
    OF_13("1.3");

    private final String text;

    ProtocolVersion(String text) {
        this.text = text;
    }

    /** {@code "1.0"} or {@code "1.3"}. */
    public String text() {
        return text;
    }

    /** True when the switch has more than one flow table and supports groups and meters. */
    public boolean isMultiTable() {
        return this != OF_10;
    }
}
