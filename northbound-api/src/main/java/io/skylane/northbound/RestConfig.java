package io.skylane.northbound;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;

/**
 * Where the REST API listens, and how.
 *
 * @param address the address to bind ({@code 0.0.0.0} for all)
 * @param port    the TCP port, 0 for any free port
 * @param tls     HTTPS with this certificate and key, or null for plain HTTP
 */
public record RestConfig(String address, int port, Tls tls) {

    public static final int DEFAULT_PORT = 8181;

    /**
     * HTTPS: the certificate chain (PEM, the server's certificate first) and its private key (PEM,
     * unencrypted PKCS#8 {@code BEGIN PRIVATE KEY}, RSA or EC).
     */
    public record Tls(Path certificateFile, Path keyFile) {
        public Tls {
            checkNotNull(certificateFile, "certificateFile");
            checkNotNull(keyFile, "keyFile");
        }
    }

    public RestConfig {
        checkNotNull(address, "address");
        checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    }

    /** Plain HTTP. */
    public RestConfig(String address, int port) {
        this(address, port, null);
    }

    public static RestConfig defaults() {
        return new RestConfig("0.0.0.0", DEFAULT_PORT);
    }
}
