package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The other tenants of a cloud, created through the REST API with parallel requests (the API has
 * no bulk create): {@code tenants} tenants of {@value #VPCS_PER_TENANT} VPCs, each VPC one subnet
 * (10.1.0.0/24 in every VPC: VPCs may overlap) and {@value #PORTS_PER_VPC} ports, each port bound to
 * its own port of an emulated switch ({@link HeldSwitches}): the VPCs of switch {@code s} are
 * {@code 10s..10s+9}, and VPC {@code v}'s port {@code j} is at switch port {@code (v % 10) * 10 + j + 1},
 * so each switch needs {@value #BOUND_PORTS_PER_SWITCH} ports for them. Every port is in its tenant's
 * default security group, as an orchestrator's ports are unless it says otherwise.
 */
final class BackgroundCloud {

    static final int VPCS_PER_TENANT = 10;
    static final int PORTS_PER_VPC = 10;
    static final int VPCS_PER_SWITCH = 10;
    static final int BOUND_PORTS_PER_SWITCH = VPCS_PER_SWITCH * PORTS_PER_VPC;

    private final SkylaneRest rest;
    private final HeldSwitches switches;
    private final List<String> tenants;
    private final List<String> vpcs;
    private final List<String> subnets;

    private BackgroundCloud(SkylaneRest rest, HeldSwitches switches, List<String> tenants, List<String> vpcs,
                            List<String> subnets) {
        this.rest = rest;
        this.switches = switches;
        this.tenants = tenants;
        this.vpcs = vpcs;
        this.subnets = subnets;
    }

    /** The number of emulated switches {@code tenants} tenants need. */
    static int switchesFor(int tenants) {
        return tenants * VPCS_PER_TENANT / VPCS_PER_SWITCH;
    }

    /** Creates tenants, VPCs, subnets and ports, {@code threads} requests at a time. */
    static BackgroundCloud create(SkylaneRest rest, HeldSwitches switches, int tenants, int threads)
            throws InterruptedException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<String> t = all(pool, tenants, i -> () -> rest.post("/v1/tenants",
                    "{\"tenant\":{\"name\":\"cloud-" + i + "\"}}").at("/tenant/id").asText());
            int vpcCount = tenants * VPCS_PER_TENANT;
            List<String> v = all(pool, vpcCount, i -> () -> rest.post("/v1/vpcs", "{\"vpc\":{\"tenant_id\":\""
                    + t.get(i / VPCS_PER_TENANT) + "\",\"name\":\"cloud-" + i + "\"}}").at("/vpc/id").asText());
            List<String> s = all(pool, vpcCount, i -> () -> rest.post("/v1/subnets", "{\"subnet\":{\"tenant_id\":\""
                    + t.get(i / VPCS_PER_TENANT) + "\",\"vpc_id\":\"" + v.get(i)
                    + "\",\"cidr\":\"10.1.0.0/24\",\"gateway_ip\":\"10.1.0.254\"}}").at("/subnet/id").asText());
            BackgroundCloud cloud = new BackgroundCloud(rest, switches, t, v, s);
            all(pool, vpcCount * PORTS_PER_VPC, i -> () -> cloud.createPort(i / PORTS_PER_VPC, "10.1.0."
                    + (i % PORTS_PER_VPC + 1), mac(0xb0, i), i % PORTS_PER_VPC + 1 + (i / PORTS_PER_VPC % VPCS_PER_SWITCH)
                    * PORTS_PER_VPC));
            return cloud;
        } finally {
            pool.shutdownNow();
        }
    }

    int vpcCount() {
        return vpcs.size();
    }

    int portCount() {
        return vpcs.size() * PORTS_PER_VPC;
    }

    /** The emulated switch hosting VPC {@code vpc}. */
    int switchOf(int vpc) {
        return vpc / VPCS_PER_SWITCH;
    }

    /** Creates a port in VPC {@code vpc} bound to port {@code switchPort} of the VPC's switch; its id. */
    String createPort(int vpc, String ip, String mac, int switchPort) throws IOException, InterruptedException {
        return rest.post("/v1/ports", "{\"port\":{\"tenant_id\":\"" + tenants.get(vpc / VPCS_PER_TENANT)
                + "\",\"vpc_id\":\"" + vpcs.get(vpc) + "\",\"mac_address\":\"" + mac + "\",\"fixed_ips\":[{\"subnet_id\":\""
                + subnets.get(vpc) + "\",\"ip_address\":\"" + ip + "\"}],\"binding\":{\"dpid\":\""
                + switches.dpid(switchOf(vpc)) + "\",\"port\":" + switchPort + "}}}").at("/port/id").asText();
    }

    /** A locally administered MAC {@code 02:<kind>:<index, 32 bits>}. */
    static String mac(int kind, long index) {
        return String.format("02:%02x:%02x:%02x:%02x:%02x", kind, (index >> 24) & 0xff, (index >> 16) & 0xff,
                (index >> 8) & 0xff, index & 0xff);
    }

    /**
     * Waits until no port of the whole store is DOWN or BUILD (each confirmed by its switch's
     * barrier), then returns how many are ACTIVE.
     */
    int awaitAllActive(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rest.get("/v1/ports?status=DOWN&limit=1").path("ports").size()
                + rest.get("/v1/ports?status=BUILD&limit=1").path("ports").size() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ports still not ACTIVE after " + timeout + ", e.g. "
                        + rest.get("/v1/ports?status=DOWN&limit=1"));
            }
            Thread.sleep(500);
        }
        int active = 0;
        String page = "/v1/ports?status=ACTIVE&limit=1000";
        while (page != null) {
            JsonNode answer = rest.get(page);
            active += answer.path("ports").size();
            page = null;
            for (JsonNode link : answer.path("ports_links")) {
                if ("next".equals(link.path("rel").asText())) {
                    page = link.path("href").asText();
                }
            }
        }
        return active;
    }

    /** A request that may throw. */
    private interface Call {
        String call() throws Exception;
    }

    /** Runs {@code count} calls on the pool; their answers in order. The first failure fails the set-up. */
    private static List<String> all(ExecutorService pool, int count, IntFunction<Call> call)
            throws InterruptedException, IOException {
        List<Future<String>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Call c = call.apply(i);
            futures.add(pool.submit(c::call));
        }
        List<String> out = new ArrayList<>(count);
        for (Future<String> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new IOException("setting up the cloud failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return out;
    }
}
