package io.skylane.southbound.channel;

import io.skylane.core.southbound.SwitchError;

/** A switch answered a request (statistics, barrier) with an ERROR. */
public class SwitchErrorException extends RuntimeException {

    private final transient SwitchError error;

    public SwitchErrorException(String request, SwitchError error) {
        super("switch refused " + request + ": " + error);
        this.error = error;
    }

    public SwitchError error() {
        return error;
    }
}
