package io.skylane.server.cli;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context for an HTTP client that only ever speaks plain HTTP: building it loads nothing
 * (the JDK's default context reads and parses the whole trust store), and any use fails.
 */
final class NoTls extends SSLContextSpi {

    static final SSLContext CONTEXT = new SSLContext(new NoTls(), null, "none") { };

    private NoTls() {
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("TLS on a client for a plain http:// URL");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        throw unused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw unused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw unused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        throw unused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        throw unused();
    }
}
