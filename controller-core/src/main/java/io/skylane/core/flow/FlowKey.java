package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.DeviceId;

/** What makes two flow entries the same entry on a switch: table, priority and match. */
public record FlowKey(DeviceId deviceId, int tableId, int priority, Match match) {
    public FlowKey {
        checkNotNull(deviceId, "deviceId");
        checkNotNull(match, "match");
    }
}
