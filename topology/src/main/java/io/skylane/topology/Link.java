package io.skylane.topology;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;

/**
 * A directed link between two switch ports, as discovery saw it: a probe sent out of {@code src}
 * came back in at {@code dst}. A cable is two links, one each way.
 */
public record Link(ConnectPoint src, ConnectPoint dst) implements Comparable<Link> {

    public Link {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        checkArgument(!src.equals(dst), "a link joins two different ports");
    }

    public static Link of(ConnectPoint src, ConnectPoint dst) {
        return new Link(src, dst);
    }

    public DeviceId srcDevice() {
        return src.deviceId();
    }

    public DeviceId dstDevice() {
        return dst.deviceId();
    }

    /** The same cable the other way. */
    public Link reverse() {
        return new Link(dst, src);
    }

    @Override
    public int compareTo(Link o) {
        int c = src.compareTo(o.src);
        return c != 0 ? c : dst.compareTo(o.dst);
    }

    @Override
    public String toString() {
        return src + "->" + dst;
    }
}
