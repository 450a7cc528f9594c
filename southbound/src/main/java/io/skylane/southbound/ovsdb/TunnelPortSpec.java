package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The flow-based tunnel port a hypervisor bridge must have (docs/overlay-design.md §2): one port
 * per type, {@code remote_ip=flow}, {@code key=flow} (the rules set {@code tun_dst} and
 * {@code tun_id}), {@code local_ip} the hypervisor's endpoint address.
 *
 * @param datapathId    the bridge, by its datapath id
 * @param portName      port and interface name, 1 to 15 characters without spaces or slashes
 *                      (a Linux device name)
 * @param type          Geneve or VXLAN
 * @param localIp       the hypervisor's tunnel endpoint address
 * @param ofportRequest the OpenFlow port number to ask for (1..65279); empty to leave it to
 *                      Open vSwitch (and to leave an existing port's request as it is)
 */
public record TunnelPortSpec(DeviceId datapathId, String portName, TunnelType type, Ip4Address localIp,
                             OptionalInt ofportRequest) {

    /** Largest physical OpenFlow port number (OFPP_MAX). */
    static final int MAX_OFPORT = 0xfeff;
    private static final int MAX_NAME_LENGTH = 15;

    public TunnelPortSpec {
        checkNotNull(datapathId, "datapathId");
        checkNotNull(portName, "portName");
        checkArgument(!portName.isEmpty() && portName.length() <= MAX_NAME_LENGTH,
                "tunnel port name must be 1 to 15 characters");
        checkArgument(portName.chars().noneMatch(c -> c <= ' ' || c == '/' || c == 0x7f),
                "tunnel port name must not hold spaces, slashes or control characters");
        checkNotNull(type, "type");
        checkNotNull(localIp, "localIp");
        checkNotNull(ofportRequest, "ofportRequest");
        checkArgument(ofportRequest.isEmpty() || (ofportRequest.getAsInt() >= 1 && ofportRequest.getAsInt() <= MAX_OFPORT),
                "ofport request must be 1..65279");
    }

    public static TunnelPortSpec of(DeviceId datapathId, String portName, TunnelType type, Ip4Address localIp,
                                    int ofportRequest) {
        return new TunnelPortSpec(datapathId, portName, type, localIp, OptionalInt.of(ofportRequest));
    }

    /** The interface options the port must have, exactly. */
    public Map<String, String> options() {
        return ImmutableMap.of("key", "flow", "local_ip", localIp.toString(), "remote_ip", "flow");
    }

    /** Whether this interface is the port this spec asks for. */
    boolean isMetBy(OvsdbInterface intf) {
        return intf.type().equals(type.ovsType()) && intf.options().equals(options())
                && (ofportRequest.isEmpty() || intf.ofportRequest().equals(ofportRequest));
    }
}
