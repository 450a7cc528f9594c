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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded intent store: all state in memory, every commit appended to a write-ahead journal
 * and synced ({@code fsync}) before {@link #commit} returns; every {@code snapshotEvery} commits
 * the state is written to a snapshot (atomic rename) and the journal is emptied.
 *
 * <p>Journal record: {@code [length u32][crc32c u32][payload]}, payload the UTF-8 JSON
 * {@code {"seq": n, "changes": [{"type", "id", "value" | null}]}}. On open, the snapshot is loaded,
 * then journal records with a higher sequence number are replayed; the first record that is short,
 * fails its checksum or does not parse ends the journal: it and whatever follows are logged and
 * cut off (a write torn by a crash was never acknowledged), earlier records are kept.
 *
 * <p>Without a directory the store is memory only (tests, or a throw-away lab controller).
 */
public final class JournalIntentStore implements IntentStore {

    private static final Logger log = LoggerFactory.getLogger(JournalIntentStore.class);
    static final String JOURNAL = "intent-journal.log";
    static final String SNAPSHOT = "intent-snapshot.json";
    private static final int MAX_RECORD = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lexical order of the canonical text form of UUIDs. */
    static final Comparator<UUID> ID_ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private final Path dir;
    private final int snapshotEvery;
    private final Map<ResourceType, ConcurrentSkipListMap<UUID, Resource>> data = new EnumMap<>(ResourceType.class);
    private final List<IntentListener> listeners = new CopyOnWriteArrayList<>();
    private FileChannel journal;
    private volatile long seq;
    private long snapshotSeq;
    private int sinceSnapshot;
    private boolean closed;

    private JournalIntentStore(Path dir, int snapshotEvery) {
        this.dir = dir;
        this.snapshotEvery = snapshotEvery;
        for (ResourceType t : ResourceType.values()) {
            data.put(t, new ConcurrentSkipListMap<>(ID_ORDER));
        }
    }

    /** A store kept only in memory. */
    public static JournalIntentStore inMemory() {
        return new JournalIntentStore(null, Integer.MAX_VALUE);
    }

    /** Opens (or creates) the store in {@code dir}, recovering its state. */
    public static JournalIntentStore open(Path dir, int snapshotEvery) throws IOException {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be >= 1");
        }
        Files.createDirectories(dir);
        JournalIntentStore s = new JournalIntentStore(dir, snapshotEvery);
        s.recover();
        return s;
    }

    @Override
    public Resource get(ResourceType type, UUID id) {
        return data.get(type).get(id);
    }

    @Override
    public Collection<Resource> all(ResourceType type) {
        return Collections.unmodifiableCollection(data.get(type).values());
    }

    @Override
    public Collection<Resource> after(ResourceType type, UUID after) {
        ConcurrentSkipListMap<UUID, Resource> m = data.get(type);
        return Collections.unmodifiableCollection(after == null ? m.values() : m.tailMap(after, false).values());
    }

    @Override
    public long lastSeq() {
        return seq;
    }

    @Override
    public synchronized long commit(List<Change> changes) throws IOException {
        if (closed) {
            throw new IOException("intent store is closed");
        }
        if (changes.isEmpty()) {
            return seq;
        }
        checkBefore(changes);
        long next = seq + 1;
        if (journal != null) {
            append(record(next, changes));
        }
        apply(changes);
        seq = next;
        for (IntentListener l : listeners) {
            try {
                l.committed(next, changes);
            } catch (RuntimeException e) {
                log.warn("intent listener {} failed on commit {}", l, next, e);
            }
        }
        if (journal != null && ++sinceSnapshot >= snapshotEvery) {
            snapshot();
        }
        return next;
    }

    /** Each change must start from the stored state, counting earlier changes of the batch. */
    private void checkBefore(List<Change> changes) {
        Map<ResourceType, Map<UUID, Resource>> pending = new EnumMap<>(ResourceType.class);
        for (Change c : changes) {
            Map<UUID, Resource> p = pending.computeIfAbsent(c.type(), t -> new java.util.HashMap<>());
            Resource current = p.containsKey(c.id()) ? p.get(c.id()) : data.get(c.type()).get(c.id());
            if (!Objects.equals(current, c.before())) {
                throw new IllegalStateException("stale change of " + c.type().singular() + " " + c.id());
            }
            if (c.after() != null && (c.after().type() != c.type() || !c.after().id().equals(c.id()))) {
                throw new IllegalArgumentException("change of " + c.id() + " carries another resource");
            }
            p.put(c.id(), c.after());
        }
    }

    private void apply(List<Change> changes) {
        for (Change c : changes) {
            if (c.after() == null) {
                data.get(c.type()).remove(c.id());
            } else {
                data.get(c.type()).put(c.id(), c.after());
            }
        }
    }

    private static byte[] record(long seq, List<Change> changes) throws IOException {
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
        return JSON.writeValueAsBytes(o);
    }

    private void append(byte[] payload) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        long start = journal.position();
        try {
            while (b.hasRemaining()) {
                journal.write(b);
            }
            journal.force(false);
        } catch (IOException e) {
            // Leave no half record behind a failed write: the next append starts clean.
            journal.truncate(start);
            journal.position(start);
            throw e;
        }
    }

    private void recover() throws IOException {
        Path snap = dir.resolve(SNAPSHOT);
        if (Files.exists(snap)) {
            JsonNode root = JSON.readTree(snap.toFile());
            snapshotSeq = root.get("seq").longValue();
            for (ResourceType t : ResourceType.values()) {
                JsonNode list = root.get(t.plural());
                if (list != null) {
                    for (JsonNode r : list) {
                        Resource res = ResourceJson.fromJson(t, r);
                        data.get(t).put(res.id(), res);
                    }
                }
            }
            seq = snapshotSeq;
        }
        Path jp = dir.resolve(JOURNAL);
        journal = FileChannel.open(jp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = journal.size();
        long pos = 0;
        int replayed = 0;
        ByteBuffer head = ByteBuffer.allocate(8);
        while (pos < size) {
            String bad = null;
            head.clear();
            if (size - pos < 8) {
                bad = "short record header";
            } else {
                journal.read(head, pos);
                head.flip();
                int len = head.getInt();
                int crcWant = head.getInt();
                if (len < 0 || len > MAX_RECORD || pos + 8 + len > size) {
                    bad = "record length " + len + " runs past the end";
                } else {
                    ByteBuffer body = ByteBuffer.allocate(len);
                    journal.read(body, pos + 8);
                    CRC32C crc = new CRC32C();
                    crc.update(body.array());
                    if ((int) crc.getValue() != crcWant) {
                        bad = "checksum mismatch";
                    } else {
                        try {
                            if (replay(body.array())) {
                                replayed++;
                            }
                        } catch (RuntimeException | IOException e) {
                            bad = "unreadable record: " + e;
                        }
                    }
                    if (bad == null) {
                        pos += 8 + len;
                    }
                }
            }
            if (bad != null) {
                log.warn("intent journal {}: {} at offset {}; dropping the last {} bytes (a write torn by a crash, "
                        + "never acknowledged); {} earlier records kept", jp, bad, pos, size - pos, replayed);
                journal.truncate(pos);
                journal.force(true);
                break;
            }
        }
        journal.position(journal.size());
        sinceSnapshot = replayed;
        log.info("intent store {}: snapshot at seq {}, {} journal records replayed, now at seq {}",
                dir, snapshotSeq, replayed, seq);
    }

    private boolean replay(byte[] payload) throws IOException {
        JsonNode root = JSON.readTree(payload);
        long s = root.get("seq").longValue();
        if (s <= seq) {
            return false; // already in the snapshot
        }
        if (s != seq + 1) {
            throw new IOException("sequence gap: expected " + (seq + 1) + ", found " + s);
        }
        List<Change> changes = new ArrayList<>();
        for (JsonNode c : root.get("changes")) {
            ResourceType t = ResourceType.ofSingular(c.get("type").textValue());
            UUID id = UUID.fromString(c.get("id").textValue());
            JsonNode v = c.get("value");
            Resource after = v == null || v.isNull() ? null : ResourceJson.fromJson(t, v);
            changes.add(new Change(t, id, data.get(t).get(id), after));
        }
        apply(changes);
        seq = s;
        return true;
    }

    /** Writes the whole state to a new snapshot (atomically) and empties the journal. */
    public synchronized void snapshot() throws IOException {
        if (dir == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("seq", seq);
        for (ResourceType t : ResourceType.values()) {
            ArrayNode a = root.putArray(t.plural());
            data.get(t).values().forEach(r -> a.add(ResourceJson.toJson(r)));
        }
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        snapshotSeq = seq;
        journal.truncate(0);
        journal.position(0);
        journal.force(true);
        sinceSnapshot = 0;
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public void addListener(IntentListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IntentListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (journal != null) {
            journal.close();
        }
    }
}
