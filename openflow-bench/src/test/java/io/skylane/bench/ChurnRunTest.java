package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Churn mode against the tenant routes over real HTTP ({@link FakeTenantApi}). */
class ChurnRunTest {

    private final List<String> progress = new ArrayList<>();

    private BenchResult run(FakeTenantApi api, ChurnSettings churn, String token) {
        BenchConfig c = BenchConfig.builder().mode(BenchMode.CHURN).api(api.uri()).apiToken(token).churn(churn)
                .requestTimeoutMs(10_000).build();
        return LoadGenerator.run(c, progress::add);
    }

    @Test
    void clientsCreatePortsInTheirVpcsWithTheTenantsTokenThenDeleteThem() throws Exception {
        try (FakeTenantApi api = new FakeTenantApi()) {
            BenchResult r = run(api, ChurnSettings.of(4, 40, 0, 2, true), FakeTenantApi.ADMIN);
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message() + " " + progress);
            String line = r.summaryLine();
            assertTrue(line.startsWith("RESULT mode=churn clients=4 vpcs=2 creates=40 rate/s=max creates/s="), line);
            assertTrue(line.contains(" errors=0 status=201:40 gen_cpu="), line);
            assertTrue(line.contains(" delete_errors=0 delete_status=204:40 outcome=ok"), line);

            assertEquals(1, api.tokens.size(), "one tenant, made with the admin token");
            assertEquals(2, api.vpcs.size());
            assertEquals(2, api.subnets.size(), "one subnet per VPC");
            assertEquals(40, api.portCreates.get());
            Map<String, Integer> perVpc = new HashMap<>();
            api.portVpcs.forEach(v -> perVpc.merge(v, 1, Integer::sum));
            assertEquals(2, perVpc.size(), "clients 0 and 2 in one VPC, 1 and 3 in the other");
            assertEquals(4, api.connections.size(), "each client on its own connection");
            assertEquals(40, api.portDeletes.get(), "every created port deleted");
            assertTrue(api.ports.isEmpty());
            assertEquals(api.tokens.values().stream().toList(), api.deletedTenants.stream().toList(),
                    "and the tenant with it");

            JsonNode doc = BenchJson.read(r.json());
            assertEquals(40, doc.path("creates").path("ok").asInt());
            assertEquals(40, doc.path("creates").path("by_status").path("201").asInt());
            assertEquals(40, doc.path("deletes").path("ok").asInt());
            assertEquals(4, doc.path("parameters").path("churn").path("clients").asInt());
            assertTrue(doc.path("creates").path("p99_ms").asDouble() > 0);
        }
    }

    @Test
    void refusedCreatesAreCountedByStatusAndFailTheRun() throws Exception {
        try (FakeTenantApi api = new FakeTenantApi()) {
            api.refuseEvery = 5;
            BenchResult r = run(api, ChurnSettings.of(2, 20, 0, 0, false), FakeTenantApi.ADMIN);
            assertEquals(BenchResult.Outcome.VERIFICATION_FAILED, r.outcome());
            assertEquals(5, r.exitCode());
            assertTrue(r.summaryLine().contains(" errors=4 status=201:16,409:4 gen_cpu="), r.summaryLine());
            assertTrue(r.message().startsWith("POST /v1/ports answered 409"), r.message());
            assertTrue(api.deletedTenants.isEmpty(), "without --delete the ports and the tenant stay");
            assertEquals(16, api.ports.size());
        }
    }

    @Test
    void withoutTheAdminTokenTheSetUpFailsAndSaysWhy() throws Exception {
        try (FakeTenantApi api = new FakeTenantApi()) {
            BenchResult r = run(api, ChurnSettings.of(1, 1, 0, 0, false), "not-the-admin");
            assertEquals(BenchResult.Outcome.VERIFICATION_FAILED, r.outcome());
            assertTrue(r.message().startsWith("POST /v1/tenants answered 403"), r.message());
            assertEquals(0, api.portCreates.get());
        }
    }

    @Test
    void aPacedRunCreatesEveryPortOnce() throws Exception {
        try (FakeTenantApi api = new FakeTenantApi()) {
            BenchResult r = run(api, ChurnSettings.of(3, 12, 400, 0, false), FakeTenantApi.ADMIN);
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertTrue(r.summaryLine().contains(" rate/s=400 "), r.summaryLine());
            assertEquals(12, api.portCreates.get());
            assertEquals(3, api.vpcs.size(), "one VPC per client by default");
        }
    }
}
