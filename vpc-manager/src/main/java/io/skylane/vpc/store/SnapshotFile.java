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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's snapshot: {@code {"seq": n, "<plural>": [resource...]...}}, replaced by an atomic rename. */
final class SnapshotFile {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFile.class);
    static final String NAME = "intent-snapshot.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotFile() {
    }

    /**
     * A store's durable state at a sequence number (references to its immutable resources, in
     * their order), and where that commit's record ends in the journal: what a snapshot writes.
     */
    record Capture(long seq, long journalEnd, Map<ResourceType, List<Resource>> state) {

        /** Copies {@code data}, which must not change meanwhile. */
        static Capture of(long seq, long journalEnd, Map<ResourceType, ? extends Map<UUID, Resource>> data) {
            Map<ResourceType, List<Resource>> state = new EnumMap<>(ResourceType.class);
            data.forEach((t, m) -> state.put(t, List.copyOf(m.values())));
            return new Capture(seq, journalEnd, state);
        }
    }

    /** Loads the snapshot of {@code dir} into {@code data}; its sequence number, or 0 without one. */
    static long load(Path dir, Map<ResourceType, ? extends Map<UUID, Resource>> data) throws IOException {
        Path snap = dir.resolve(NAME);
        if (!Files.exists(snap)) {
            return 0;
        }
        JsonNode root = JSON.readTree(snap.toFile());
        for (ResourceType t : ResourceType.values()) {
            JsonNode list = root.get(t.plural());
            if (list != null) {
                for (JsonNode r : list) {
                    Resource res = ResourceJson.fromJson(t, r);
                    data.get(t).put(res.id(), res);
                }
            }
        }
        return root.get("seq").longValue();
    }

    /** Writes {@code data} at {@code seq} as the snapshot of {@code dir}, synced, file and directory. */
    static void write(Path dir, long seq, Map<ResourceType, ? extends Collection<Resource>> data) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("seq", seq);
        for (ResourceType t : ResourceType.values()) {
            ArrayNode a = root.putArray(t.plural());
            data.get(t).forEach(r -> a.add(ResourceJson.toJson(r)));
        }
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }
}
