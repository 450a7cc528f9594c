package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.MoreObjects;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tenant churn run ({@link BenchMode#CHURN}) does: how many concurrent HTTP clients create
 * how many ports in how many VPCs, at what total rate, and whether they delete them again.
 * Immutable; made by {@link #of} or {@link #defaults()}.
 *
 * @param clients       concurrent HTTP clients, each with its own connection (16)
 * @param creates       ports created over the whole run, shared by the clients (1000)
 * @param ratePerSecond creates per second over all clients, paced to a fixed schedule; 0 = as fast as
 *                      the clients get answers (0)
 * @param vpcs          VPCs (each with one subnet) the ports go to; client i creates in VPC i mod vpcs
 *                      (0 = one per client)
 * @param delete        delete every created port again afterwards, timed the same way (false)
 */
public record ChurnSettings(int clients, int creates, double ratePerSecond, int vpcs, boolean delete) {

    /** At most this many ports per VPC: one /16 subnet's pool, less the gateway. */
    static final int MAX_PORTS_PER_VPC = 65_533;

    /**
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ChurnSettings {
        checkArgument(clients >= 1 && clients <= 1024, "clients must be 1..1024");
        checkArgument(creates >= 1, "creates must be at least 1");
        checkArgument(ratePerSecond >= 0 && ratePerSecond <= 1_000_000 && !Double.isNaN(ratePerSecond),
                "rate must be 0..1000000 per second");
        checkArgument(vpcs >= 0 && vpcs <= 4096, "vpcs must be 0..4096");
        checkArgument(creates <= (long) MAX_PORTS_PER_VPC * vpcCount(clients, vpcs),
                "more creates than the VPCs' subnets hold (65533 ports per VPC)");
    }

    public static ChurnSettings of(int clients, int creates, double ratePerSecond, int vpcs, boolean delete) {
        return new ChurnSettings(clients, creates, ratePerSecond, vpcs, delete);
    }

    public static ChurnSettings defaults() {
        return new ChurnSettings(16, 1000, 0, 0, false);
    }

    private static int vpcCount(int clients, int vpcs) {
        return vpcs == 0 ? clients : vpcs;
    }

    /** The VPCs the run creates: {@link #vpcs()}, or one per client when that is 0. */
    public int vpcCount() {
        return vpcCount(clients, vpcs);
    }

    /** The VPC (0-based) client {@code client} creates its ports in. */
    int vpcOf(int client) {
        return client % vpcCount();
    }

    /** Seconds the schedule takes at the given rate (0 when unpaced). */
    double scheduledSeconds() {
        return ratePerSecond == 0 ? 0 : creates / ratePerSecond;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", clients);
        m.put("creates", creates);
        m.put("rate_per_s", ratePerSecond);
        m.put("vpcs", vpcCount());
        m.put("delete", delete);
        return m;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("clients", clients).add("creates", creates)
                .add("ratePerSecond", ratePerSecond).add("vpcs", vpcCount()).add("delete", delete).toString();
    }
}
