package io.skylane.core.flow;

import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.BatchResult;
import java.util.concurrent.CompletableFuture;

/**
 * One request's part for one device: either a batch sent to the switch (its result to be mapped)
 * or an outcome already decided (pending, nothing to send, folded into an audit).
 *
 * @param device  the switch
 * @param batch   the sent batch's result, or null
 * @param outcome the outcome when no batch was sent, or null
 */
record Submission(DeviceId device, CompletableFuture<BatchResult> batch, CompletableFuture<DeviceOutcome> outcome) {

    static Submission sent(DeviceId device, CompletableFuture<BatchResult> batch) {
        return new Submission(device, batch, null);
    }

    static Submission decided(DeviceId device, CompletableFuture<DeviceOutcome> outcome) {
        return new Submission(device, null, outcome);
    }

    static Submission done(DeviceOutcome o) {
        return decided(o.device(), CompletableFuture.completedFuture(o));
    }
}
