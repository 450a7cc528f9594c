package io.skylane.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.AppId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/pipeline.md's section "Tables and priority bands" says what {@link SkylanePipeline}
 * declares: the same application ids, tables and bands, nothing more and nothing less.
 */
class PipelineDocTest {

    private static final String SECTION = "## Tables and priority bands";

    private final PipelineRegistry registry = SkylanePipeline.registry();
    private final List<String> section = section();

    @Test
    void applicationIds() {
        Map<Integer, String> doc = new TreeMap<>();
        for (List<String> row : rows("| app id | name |")) {
            doc.put(Integer.parseInt(row.get(0)), row.get(1));
        }
        Map<Integer, String> code = new TreeMap<>();
        registry.apps().forEach((id, app) -> code.put(id, app.name()));
        assertEquals(code, doc);
    }

    @Test
    void tables() {
        Map<Integer, String> doc = new TreeMap<>();
        for (List<String> row : rows("| table | name | owner |")) {
            doc.put(Integer.parseInt(row.get(0)), row.get(1) + " owned by " + row.get(2));
        }
        Map<Integer, String> code = new TreeMap<>();
        registry.tables().forEach((id, t) -> code.put(id, t.name() + " owned by " + t.owner().name()));
        assertEquals(code, doc);
    }

    @Test
    void bands() {
        Set<String> doc = new TreeSet<>();
        Set<String> docUnbanded = new TreeSet<>();
        for (List<String> row : rows("| table | app | priorities |")) {
            if (row.get(0).equals("any")) {
                assertEquals("any", row.get(2), "an app in every table has no band: " + row);
                docUnbanded.add(row.get(1));
                continue;
            }
            int[] tables = range(row.get(0));
            for (int t = tables[0]; t <= tables[1]; t++) {
                doc.add("table " + t + " " + row.get(1) + " " + row.get(2));
            }
        }
        Set<String> code = new TreeSet<>();
        for (Band b : registry.bands()) {
            code.add("table " + b.table() + " " + b.app().name() + " " + b.range());
        }
        assertEquals(code, doc);
        assertEquals(names(registry.unbanded()), docUnbanded);
    }

    private static Set<String> names(Set<AppId> apps) {
        Set<String> out = new TreeSet<>();
        apps.forEach(a -> out.add(a.name()));
        return out;
    }

    /** {@code n} or {@code a..b}. */
    private static int[] range(String text) {
        int dots = text.indexOf("..");
        return dots < 0 ? new int[] {Integer.parseInt(text), Integer.parseInt(text)}
                : new int[] {Integer.parseInt(text.substring(0, dots)), Integer.parseInt(text.substring(dots + 2))};
    }

    /** The cells of the rows of the section's markdown table whose header starts with {@code header}. */
    private List<List<String>> rows(String header) {
        int at = -1;
        for (int i = 0; i < section.size(); i++) {
            if (section.get(i).startsWith(header)) {
                assertEquals(-1, at, "two tables headed " + header);
                at = i;
            }
        }
        assertTrue(at >= 0, "docs/pipeline.md has no table headed " + header + " in " + SECTION);
        List<List<String>> rows = new ArrayList<>();
        for (int i = at + 2; i < section.size() && section.get(i).startsWith("|"); i++) {
            List<String> cells = new ArrayList<>();
            String line = section.get(i).trim();
            for (String c : line.substring(1, line.length() - 1).split("\\|", -1)) {
                cells.add(c.trim());
            }
            rows.add(cells);
        }
        assertFalse(rows.isEmpty(), "empty table " + header);
        return rows;
    }

    private static List<String> section() {
        Path doc = docs().resolve("pipeline.md");
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + doc, e);
        }
        int start = lines.indexOf(SECTION);
        assertTrue(start >= 0, doc + " has no section " + SECTION);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    /** The repository's docs directory: tests run in the module's directory. */
    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no docs directory above " + Path.of("").toAbsolutePath());
        return dir.resolve("docs");
    }
}
