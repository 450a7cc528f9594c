package io.skylane.vpc.pipeline;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.ConnectPoint;
import io.skylane.vpc.model.Port;

/**
 * A tenant port and the switch port it is attached to now: its explicit binding, or where its MAC
 * was seen (lab mode).
 */
public record PlacedPort(Port port, ConnectPoint location) {

    public PlacedPort {
        requireNonNull(port, "port");
        requireNonNull(location, "location");
    }
}
