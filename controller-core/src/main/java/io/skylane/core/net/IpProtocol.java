package io.skylane.core.net;

/** IP protocol numbers used by the controller. */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;

    private IpProtocol() {
    }
}
