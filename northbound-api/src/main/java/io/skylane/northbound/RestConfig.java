package io.skylane.northbound;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Where the REST API listens.
 *
 * @param address the address to bind ({@code 0.0.0.0} for all)
 * @param port    the TCP port, 0 for any free port
 */
public record RestConfig(String address, int port) {

    public static final int DEFAULT_PORT = 8181;

    public RestConfig {
        checkNotNull(address, "address");
        checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    }

    public static RestConfig defaults() {
        return new RestConfig("0.0.0.0", DEFAULT_PORT);
    }
}
