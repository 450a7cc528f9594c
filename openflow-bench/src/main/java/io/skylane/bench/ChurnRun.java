package io.skylane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Tenant churn through the REST API, as orchestrators create ports: the admin creates a tenant,
 * which (with its own token) creates {@link ChurnSettings#vpcCount()} VPCs with one /16 subnet each;
 * then {@link ChurnSettings#clients()} concurrent HTTP clients, each on its own connection and its
 * own thread, create {@link ChurnSettings#creates()} ports between them ({@code POST /v1/ports}
 * with only {@code vpc_id}: the controller allocates the address and the MAC), optionally at a
 * fixed total rate ({@link RatePacer}); optionally they delete them again the same way, and the
 * tenant goes with everything left. No switches are involved.
 *
 * <p>A create counts when it answered 201 (the controller answers once the port is durable in its
 * journal); its latency runs from when it was due (paced) or sent (unpaced) to the answer. Any
 * other answer is an error, counted by status, and fails the run (exit 5).
 */
final class ChurnRun extends RunBase {

    /** The subnet of every VPC of the run (VPCs may use the same CIDR). */
    static final String CIDR = "10.0.0.0/16";

    private final ChurnSettings churn;
    private final AtomicBoolean pastDeadline = new AtomicBoolean();

    ChurnRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
        this.churn = config.churn();
    }

    /** The VPCs of the run, each with its subnet's id. */
    record Vpc(String id, String subnetId) {
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", "churn");
        s.put("clients", churn.clients());
        s.put("vpcs", churn.vpcCount());
        s.put("creates", churn.creates());
        s.put("rate/s", churn.ratePerSecond() == 0 ? "max" : BenchResult.format(churn.ratePerSecond()));
        Map<String, Object> sections = new LinkedHashMap<>();
        URI api = config.api().orElseThrow();
        Duration timeout = Duration.ofMillis(config.requestTimeoutMs());
        TenantApi admin = new TenantApi(api, timeout, config.apiToken().orElse(null));
        TenantApi.Tenant tenant;
        List<Vpc> vpcs;
        try {
            long t0 = System.nanoTime();
            tenant = admin.createTenant("bench-churn-" + startedAt.toEpochMilli());
            try (TenantApi own = admin.as(tenant.token())) {
                vpcs = setUp(own);
            }
            say(String.format(Locale.ROOT, "tenant %s with %d VPCs (one %s subnet each) created in %.0f ms",
                    tenant.id(), vpcs.size(), CIDR, millis(System.nanoTime() - t0)));
        } catch (TenantApi.ApiFailure e) {
            say("FAILED: " + e.getMessage());
            return result(BenchResult.Outcome.VERIFICATION_FAILED, e.getMessage(), s, sections);
        }
        sections.put("tenant_id", tenant.id());

        say(String.format(Locale.ROOT, "%d clients create %d ports%s", churn.clients(), churn.creates(),
                churn.ratePerSecond() == 0 ? " as fast as they are answered"
                        : String.format(Locale.ROOT, " at %.1f/s", churn.ratePerSecond())));
        List<List<String>> created = new ArrayList<>();
        for (int i = 0; i < churn.clients(); i++) {
            created.add(new ArrayList<>());
        }
        long cpu0 = MachineInfo.processCpuNanos();
        ChurnTally.Figures creates = phase(api, timeout, tenant, true, vpcs, created);
        long cpu1 = MachineInfo.processCpuNanos();
        putFigures(s, "", creates);
        // the generator's CPU over the creates per wall-clock second: near 1.0 on one core means it was the limit
        s.put("gen_cpu", cpu0 < 0 || creates.elapsedMs() <= 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / creates.elapsedMs());
        sections.put("creates", creates.describe());
        say(line("created", creates));

        ChurnTally.Figures deletes = null;
        if (churn.delete() && !pastDeadline.get()) {
            deletes = phase(api, timeout, tenant, false, vpcs, created);
            putFigures(s, "delete_", deletes);
            sections.put("deletes", deletes.describe());
            say(line("deleted", deletes));
            removeTenant(admin, tenant);
        }
        if (pastDeadline.get()) {
            String m = "hard deadline of " + config.deadlineSeconds() + " s reached";
            say("FAILED: " + m);
            return result(BenchResult.Outcome.DEADLINE, m, s, sections);
        }
        String error = !creates.firstError().isEmpty() ? creates.firstError()
                : deletes != null ? deletes.firstError() : "";
        if (!error.isEmpty()) {
            say("FAILED: " + error);
            return result(BenchResult.Outcome.VERIFICATION_FAILED, error, s, sections);
        }
        return result(BenchResult.Outcome.OK, "", s, sections);
    }

    private List<Vpc> setUp(TenantApi api) throws TenantApi.ApiFailure, InterruptedException {
        List<Vpc> out = new ArrayList<>();
        for (int i = 0; i < churn.vpcCount(); i++) {
            String vpc = TenantApi.idOf(api.create("vpcs", "vpc", BenchJson.MAPPER.createObjectNode()
                    .put("name", "churn-" + i)), "vpc", "POST /v1/vpcs");
            String subnet = TenantApi.idOf(api.create("subnets", "subnet", BenchJson.MAPPER.createObjectNode()
                    .put("vpc_id", vpc).put("cidr", CIDR).put("name", "churn-" + i)), "subnet", "POST /v1/subnets");
            out.add(new Vpc(vpc, subnet));
        }
        return out;
    }

    /** Best effort: the run's tenant and whatever it still owns; a failure is only reported. */
    private void removeTenant(TenantApi admin, TenantApi.Tenant tenant) throws InterruptedException {
        try {
            RestClient.Response r = admin.delete("/v1/tenants/" + tenant.id() + "?cascade=true");
            if (r.status() != 204) {
                say("could not delete tenant " + tenant.id() + ": " + r.status() + " " + RestClient.abbreviate(r.body()));
            }
        } catch (IOException e) {
            say("could not delete tenant " + tenant.id() + ": " + e);
        }
    }

    /**
     * One timed phase: every client on its own thread and connection; creates hand out ports to
     * create, deletes have each client delete the ports it created. The wall time runs from the
     * first request's due time to the last answer.
     */
    private ChurnTally.Figures phase(URI api, Duration timeout, TenantApi.Tenant tenant, boolean create, List<Vpc> vpcs,
                                     List<List<String>> created) throws InterruptedException {
        long total = create ? churn.creates() : created.stream().mapToLong(List::size).sum();
        List<ChurnTally> tallies = new ArrayList<>();
        List<TenantApi> clients = new ArrayList<>();
        for (int i = 0; i < churn.clients(); i++) {
            tallies.add(new ChurnTally());
            clients.add(new TenantApi(api, timeout, tenant.token()));
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        RatePacer pacer = new RatePacer(RatePacer.SYSTEM, total, churn.ratePerSecond(), start);
        long[] lastAnswer = new long[churn.clients()];
        CountDownLatch done = new CountDownLatch(churn.clients());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < churn.clients(); i++) {
            int c = i;
            Runnable work = create
                    ? () -> createPorts(clients.get(c), pacer, vpcs.get(churn.vpcOf(c)), tallies.get(c), created.get(c),
                    lastAnswer, c)
                    : () -> deletePorts(clients.get(c), pacer, created, tallies.get(c), lastAnswer, c);
            Thread t = new Thread(() -> {
                try {
                    work.run();
                } finally {
                    done.countDown();
                }
            }, "skylane-churn-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        if (!done.await(remainingMs() + 5_000, TimeUnit.MILLISECONDS)) {
            pastDeadline.set(true);
            threads.forEach(Thread::interrupt);
            done.await(10, TimeUnit.SECONDS);
        }
        clients.forEach(TenantApi::close);
        long end = start;
        synchronized (lastAnswer) {
            for (long l : lastAnswer) {
                end = Math.max(end, l);
            }
        }
        return ChurnTally.Figures.of(tallies, end - start);
    }

    private boolean pastDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            pastDeadline.set(true);
        }
        return pastDeadline.get();
    }

    private void createPorts(TenantApi api, RatePacer pacer, Vpc vpc, ChurnTally tally, List<String> created,
                             long[] lastAnswer, int client) {
        // the same request every time: encoded once, so that a create costs the client a write and a read
        byte[] request = api.postRequest("/v1/ports", "{\"port\":{\"vpc_id\":\"" + vpc.id() + "\"}}");
        try {
            OptionalLong due;
            while (!pastDeadline() && (due = pacer.acquire()).isPresent()) {
                try {
                    RestClient.Response r = api.send(request);
                    answered(lastAnswer, client, r.receivedNanos());
                    if (r.status() == 201) {
                        tally.success(r.status(), r.receivedNanos() - due.getAsLong());
                        if (churn.delete()) {
                            created.add(TenantApi.idOf(TenantApi.document(r.body(), "POST /v1/ports"), "port",
                                    "POST /v1/ports"));
                        }
                    } else {
                        tally.failure(Integer.toString(r.status()), "POST /v1/ports answered " + r.status() + ": "
                                + RestClient.abbreviate(r.body()));
                    }
                } catch (IOException e) {
                    answered(lastAnswer, client, System.nanoTime());
                    tally.failure(ChurnTally.NO_ANSWER, "POST /v1/ports failed: " + e);
                } catch (TenantApi.ApiFailure e) {
                    tally.failure("bad_answer", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deletePorts(TenantApi api, RatePacer pacer, List<List<String>> created, ChurnTally tally,
                             long[] lastAnswer, int client) {
        List<String> mine = created.get(client);
        int next = 0;
        try {
            // The pacer hands out as many operations as there are ports; each client takes its own.
            while (next < mine.size() && !pastDeadline()) {
                OptionalLong due = pacer.acquire();
                if (due.isEmpty()) {
                    return;
                }
                String id = mine.get(next++);
                try {
                    RestClient.Response r = api.delete("/v1/ports/" + id);
                    answered(lastAnswer, client, r.receivedNanos());
                    if (r.status() == 204) {
                        tally.success(r.status(), r.receivedNanos() - due.getAsLong());
                    } else {
                        tally.failure(Integer.toString(r.status()), "DELETE /v1/ports/" + id + " answered " + r.status()
                                + ": " + RestClient.abbreviate(r.body()));
                    }
                } catch (IOException e) {
                    answered(lastAnswer, client, System.nanoTime());
                    tally.failure(ChurnTally.NO_ANSWER, "DELETE /v1/ports/" + id + " failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answered(long[] lastAnswer, int client, long nanos) {
        synchronized (lastAnswer) {
            lastAnswer[client] = nanos;
        }
    }

    private static void putFigures(Map<String, Object> s, String prefix, ChurnTally.Figures f) {
        s.put(prefix.isEmpty() ? "creates/s" : "deletes/s", f.perSecond());
        s.put(prefix + "p50_ms", f.p50Ms());
        s.put(prefix + "p99_ms", f.p99Ms());
        s.put(prefix + "p999_ms", f.p999Ms());
        s.put(prefix + "max_ms", f.maxMs());
        s.put(prefix + "errors", f.failures());
        s.put(prefix + "status", f.statusText());
    }

    private static String line(String what, ChurnTally.Figures f) {
        return String.format(Locale.ROOT, "%d ports %s: %.0f/s, latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                        + "max %.2f ms; answers %s", f.successes(), what, f.perSecond(), f.p50Ms(), f.p99Ms(),
                f.p999Ms(), f.maxMs(), f.statusText());
    }
}
