package io.skylane.server.cli;

/** The controller could not be reached (refused, timed out, unknown host): exit code 3. */
final class Unreachable extends Exception {

    Unreachable(String message) {
        super(message);
    }
}
