package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesAndReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\n\\ line");
        m.put("count", 3L);
        m.put("rate", 1234.5678);
        m.put("nan", Double.NaN);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1L, 2L));
        m.put("rows", List.of(Map.of("x", 1L), Map.of()));
        Object back = Json.parse(Json.write(m));
        Map<String, Object> expected = new LinkedHashMap<>(m);
        expected.put("rate", 1234.568);
        expected.put("nan", null);
        assertEquals(expected, back);
    }

    @Test
    void rejectsBrokenDocuments() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
        assertEquals(List.of("é", 1.5e3), Json.parse(" [\"\\u00e9\", 1.5e3] "));
    }
}
