package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Commands in the lab's hosts, foreground and background: what the traffic helpers ({@link LbLab},
 * {@link TenantLab}) need, whether the hosts are Mininet's ({@link Lab}) or the overlay lab's
 * namespaces ({@link OverlayLab}). A background command's state is {name, running, rc, output}.
 */
interface HostShell {

    /** Runs a shell command in a host, bounded by timeout. */
    Lab.CmdResult cmd(String node, String command, Duration timeout);

    /** Starts a command in the background in a host; returns its name for the calls below. */
    String bgStart(String node, String command);

    /** A background command's state now, without waiting. */
    JsonNode bgStatus(String bgName);

    /** Waits up to timeout for a background command to end. */
    JsonNode bgWait(String bgName, Duration timeout);

    /** Stops a background command (SIGTERM, then SIGKILL). */
    JsonNode bgStop(String bgName);
}
