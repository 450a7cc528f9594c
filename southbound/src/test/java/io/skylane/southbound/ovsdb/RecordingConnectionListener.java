package io.skylane.southbound.ovsdb;

import java.util.ArrayList;
import java.util.List;

/** Records what a connection tells its listener, as text lines. */
final class RecordingConnectionListener implements OvsdbConnection.Listener {

    final List<String> calls = new ArrayList<>();
    final List<OvsdbView> views = new ArrayList<>();
    String closeReason;

    @Override
    public void ready(OvsdbConnection connection) {
        calls.add("ready");
        views.add(connection.view());
    }

    @Override
    public void viewChanged(OvsdbConnection connection, OvsdbView before, OvsdbView after) {
        calls.add("changed");
        views.add(after);
    }

    @Override
    public void closed(OvsdbConnection connection, boolean wasReady, String reason) {
        calls.add(wasReady ? "closed" : "closed-before-ready");
        closeReason = reason;
    }
}
