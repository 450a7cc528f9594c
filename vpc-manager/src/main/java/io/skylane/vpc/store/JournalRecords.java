package io.skylane.vpc.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's record format: {@code [length u32][crc32c u32][payload]}, payload the UTF-8 JSON
 * {@code {"seq": n, "changes": [{"type", "id", "value" | null}]}}.
 */
final class JournalRecords {

    private static final Logger log = LoggerFactory.getLogger(JournalRecords.class);
    static final int HEADER = 8;
    static final int MAX_RECORD = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One change as read back: the resource's new state, or null when it was deleted. */
    record Entry(ResourceType type, UUID id, Resource after) {
    }

    /** One record as read back. */
    record Decoded(long seq, List<Entry> entries) {
    }

    /** Applies one record read back; false when the state already holds it (it is in the snapshot). */
    @FunctionalInterface
    interface Replayer {
        boolean replay(Decoded record) throws IOException;
    }

    private JournalRecords() {
    }

    /**
     * Replays the journal's records in order; the first record that is short, fails its checksum,
     * does not parse or is refused ends the journal: it and whatever follows are logged and cut
     * off (a write torn by a crash was never acknowledged). Returns how many records were replayed.
     */
    static int recover(FileChannel journal, Path path, Replayer replayer) throws IOException {
        long size = journal.size();
        long pos = 0;
        int replayed = 0;
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        while (pos < size) {
            String bad = null;
            head.clear();
            if (size - pos < HEADER) {
                bad = "short record header";
            } else {
                journal.read(head, pos);
                head.flip();
                int len = head.getInt();
                int crcWant = head.getInt();
                if (len < 0 || len > MAX_RECORD || pos + HEADER + len > size) {
                    bad = "record length " + len + " runs past the end";
                } else {
                    ByteBuffer body = ByteBuffer.allocate(len);
                    journal.read(body, pos + HEADER);
                    if (!checksumMatches(body.array(), crcWant)) {
                        bad = "checksum mismatch";
                    } else {
                        try {
                            if (replayer.replay(decode(body.array()))) {
                                replayed++;
                            }
                        } catch (RuntimeException | IOException e) {
                            bad = "unreadable record: " + e;
                        }
                    }
                    if (bad == null) {
                        pos += HEADER + len;
                    }
                }
            }
            if (bad != null) {
                log.warn("intent journal {}: {} at offset {}; dropping the last {} bytes (a write torn by a crash, "
                        + "never acknowledged); {} earlier records kept", path, bad, pos, size - pos, replayed);
                journal.truncate(pos);
                journal.force(true);
                break;
            }
        }
        return replayed;
    }

    /** The framed record (header and payload) of a commit. */
    static ByteBuffer frame(long seq, List<Change> changes) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", seq);
        ArrayNode a = o.putArray("changes");
        for (Change c : changes) {
            ObjectNode e = a.addObject();
            e.put("type", c.type().singular());
            e.put("id", c.id().toString());
            if (c.after() == null) {
                e.putNull("value");
            } else {
                e.set("value", ResourceJson.toJson(c.after()));
            }
        }
        byte[] payload = JSON.writeValueAsBytes(o);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        return b;
    }

    /** Whether a payload matches the checksum of its header. */
    static boolean checksumMatches(byte[] payload, int want) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == want;
    }

    static Decoded decode(byte[] payload) throws IOException {
        JsonNode root = JSON.readTree(payload);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode c : root.get("changes")) {
            ResourceType t = ResourceType.ofSingular(c.get("type").textValue());
            UUID id = UUID.fromString(c.get("id").textValue());
            JsonNode v = c.get("value");
            entries.add(new Entry(t, id, v == null || v.isNull() ? null : ResourceJson.fromJson(t, v)));
        }
        return new Decoded(root.get("seq").longValue(), entries);
    }
}
