package io.skylane.southbound.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.southbound.OFTestMessages;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The {@code skylane_encodings.txt} files of the golden captures: one {@code name hex} line per
 * message Skylane encoded and Open vSwitch accepted (indented lines are what {@code ovs-ofctl}
 * made of it, {@code #} lines comments). The encodings must not drift from what OVS accepted.
 */
final class RecordedEncodings {

    private RecordedEncodings() {
    }

    /** The messages today's encoder writes are, name for name and byte for byte, the recorded ones. */
    static void assertUnchanged(byte[] recordedFile, Map<String, OFMessage> now) {
        Map<String, String> recorded = new LinkedHashMap<>();
        for (String line : new String(recordedFile, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith(" ")) {
                String[] f = line.split(" ");
                recorded.put(f[0], f[1]);
            }
        }
        assertEquals(now.keySet(), recorded.keySet());
        for (Map.Entry<String, OFMessage> e : now.entrySet()) {
            assertEquals(recorded.get(e.getKey()), ConntrackTranslationTest.hex(OFTestMessages.bytes(e.getValue())),
                    e.getKey());
        }
    }

    /** Prints {@code name hex} lines, for {@code ovs-ofctl ofp-print} and {@code ovs_of13.py send}. */
    static void print(Map<String, OFMessage> messages) {
        messages.forEach((name, m) -> System.out.println(name + " "
                + ConntrackTranslationTest.hex(OFTestMessages.bytes(m))));
    }
}
