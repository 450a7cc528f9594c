package io.skylane.southbound.ovsdb;

import static io.skylane.southbound.ovsdb.OvsdbData.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC requests of one connection that wait for their answer, by id (a number counting up
 * from 1). Each ends with its answer ({@code result}, or a non-null {@code error}: a
 * {@link OvsdbException.ServerError}), its timeout, or the connection's close. Event loop only.
 */
final class RpcRequests {

    private static final Logger log = LoggerFactory.getLogger(RpcRequests.class);

    private final Channel channel;
    private final Duration timeout;
    private final OvsdbCounters counters;
    private final String remote;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId = 1;

    RpcRequests(Channel channel, Duration timeout, OvsdbCounters counters, String remote) {
        this.channel = channel;
        this.timeout = timeout;
        this.counters = counters;
        this.remote = remote;
    }

    /** Sends {@code {"method", "params", "id"}}; {@code future} completes with the result. */
    CompletableFuture<JsonNode> send(String method, ArrayNode params, CompletableFuture<JsonNode> future) {
        long id = nextId++;
        ObjectNode request = JSON.objectNode().put("method", method);
        request.set("params", params);
        request.put("id", id);
        Pending p = new Pending(method, future);
        pending.put(id, p);
        p.timeout = channel.eventLoop().schedule(() -> timedOut(id, p), timeout.toMillis(), TimeUnit.MILLISECONDS);
        counters.increment(Counter.REQUESTS_SENT);
        channel.writeAndFlush(request).addListener(w -> {
            if (!w.isSuccess() && pending.remove(id, p)) {
                p.timeout.cancel(false);
                future.completeExceptionally(new OvsdbException.Disconnected(remote));
            }
        });
        return future;
    }

    /** Completes the request a response answers; a response to nothing pending is logged and dropped. */
    void answer(JsonNode response) {
        JsonNode idNode = response.get("id");
        Pending p = idNode.canConvertToLong() ? pending.remove(idNode.asLong()) : null;
        if (p == null) {
            log.debug("OVSDB {}: response to no pending request (id {})", remote, idNode);
            return;
        }
        p.timeout.cancel(false);
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            counters.increment(Counter.REQUESTS_FAILED);
            String name = error.isObject() ? error.path("error").asText(error.toString()) : error.asText(error.toString());
            String details = error.isObject() ? error.path("details").asText("") : "";
            p.future.completeExceptionally(new OvsdbException.ServerError(p.method, name, details));
        } else {
            JsonNode result = response.get("result");
            p.future.complete(result == null ? JSON.nullNode() : result);
        }
    }

    /** The connection closed: every pending request fails with {@code e}. */
    void failAll(OvsdbException e) {
        for (Pending p : new ArrayList<>(pending.values())) {
            p.timeout.cancel(false);
            p.future.completeExceptionally(e);
        }
        pending.clear();
    }

    private void timedOut(long id, Pending p) {
        if (pending.remove(id, p)) {
            counters.increment(Counter.REQUESTS_TIMEOUT);
            log.debug("OVSDB {}: no answer to {} (id {}) within {} ms", remote, p.method, id, timeout.toMillis());
            p.future.completeExceptionally(new TimeoutException("OVSDB " + remote + " did not answer " + p.method
                    + " within " + timeout.toMillis() + " ms"));
        }
    }

    private static final class Pending {
        final String method;
        final CompletableFuture<JsonNode> future;
        ScheduledFuture<?> timeout;

        Pending(String method, CompletableFuture<JsonNode> future) {
            this.method = method;
            this.future = future;
        }
    }
}
