package io.skylane.southbound.ovsdb;

import java.io.IOException;
import java.time.Duration;

/**
 * Plays ovs-vswitchd's part on a {@link PrivateOvsdbServer}: once a transaction raised
 * {@code next_cfg} above {@code cur_cfg}, writes the interface's ofport and error and catches
 * cur_cfg up, in one transaction, as ovs-vswitchd does after reconfiguring.
 */
final class FakeVswitchd {

    private final PrivateOvsdbServer server;

    FakeVswitchd(PrivateOvsdbServer server) {
        this.server = server;
    }

    /** Runs {@link #applyNext} on its own thread; {@code error} null for none. */
    Thread applyNextInBackground(String iface, int ofport, String error) {
        Thread t = new Thread(() -> {
            try {
                applyNext(iface, ofport, error, Duration.ofSeconds(10));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "fake-vswitchd");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void applyNext(String iface, int ofport, String error, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            long next = Long.parseLong(server.vsctl("get", "Open_vSwitch", ".", "next_cfg"));
            long cur = Long.parseLong(server.vsctl("get", "Open_vSwitch", ".", "cur_cfg"));
            if (next > cur) {
                if (error == null) {
                    server.vsctl("set", "Interface", iface, "ofport=" + ofport, "--", "clear", "Interface", iface,
                            "error", "--", "set", "Open_vSwitch", ".", "cur_cfg=" + next);
                } else {
                    server.vsctl("set", "Interface", iface, "ofport=" + ofport, "error=\"" + error + "\"",
                            "--", "set", "Open_vSwitch", ".", "cur_cfg=" + next);
                }
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("no new configuration to apply within " + within.toMillis() + " ms");
    }
}
