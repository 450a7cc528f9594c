package io.skylane.southbound.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** What the tunnel-port operations need of one set-up OVSDB connection to Open_vSwitch. */
interface OvsdbSession {

    /** The peer, for messages ({@code 10.0.0.5:51234}). */
    String remote();

    /** The latest view, as of the last update the monitor delivered. */
    OvsdbView view();

    /**
     * Sends {@code transact} on the Open_vSwitch database.
     *
     * @return the server's result array (per-operation results, errors included), or an
     *         exceptional completion on a JSON-RPC error, a timeout or a closed connection
     */
    CompletableFuture<JsonNode> transact(ArrayNode operations);

    /**
     * Completes with the first view (the current one included) that satisfies the condition, or
     * with a {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    CompletableFuture<OvsdbView> awaitView(Predicate<OvsdbView> condition, Duration timeout);
}
