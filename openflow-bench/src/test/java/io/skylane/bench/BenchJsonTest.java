package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchJsonTest {

    @Test
    void writesTheDocumentInItsDocumentedForm() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\n\\ line");
        m.put("count", 3L);
        m.put("rate", 1234.5678);
        m.put("whole", 5.0);
        m.put("small", 0.25);
        m.put("nan", Double.NaN);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1L, 2L));
        m.put("rows", List.of(Map.of("x", 1L), Map.of()));
        m.put("empty", List.of());
        assertEquals("""
                {
                  "name": "a \\"quoted\\"\\n\\\\ line",
                  "count": 3,
                  "rate": 1234.568,
                  "whole": 5,
                  "small": 0.25,
                  "nan": null,
                  "ok": true,
                  "none": null,
                  "list": [
                    1,
                    2
                  ],
                  "rows": [
                    {
                      "x": 1
                    },
                    {}
                  ],
                  "empty": []
                }
                """, BenchJson.document(m));
    }

    @Test
    void readsBackWhatItWrote() throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p99_us", 4238.3449);
        m.put("max_us", Double.POSITIVE_INFINITY);
        m.put("dpid", "0000000000000001");
        JsonNode back = BenchJson.read(BenchJson.document(m));
        assertEquals(4238.345, back.get("p99_us").doubleValue());
        assertEquals(true, back.get("max_us").isNull());
        assertEquals("0000000000000001", back.get("dpid").textValue());
    }

    @Test
    void rejectsBrokenAnswers() {
        assertThrows(JsonProcessingException.class, () -> BenchJson.read("{\"a\":}"));
        assertThrows(JsonProcessingException.class, () -> BenchJson.read("[1,2"));
    }

    @Test
    void theFlowsBodyIsWhatTheRestApiTakes() throws JsonProcessingException {
        assertEquals("{\"flows\":[{\"table\":0,\"priority\":7,\"match\":{\"eth_type\":\"0x800\",\"ipv4_dst\":"
                + "\"10.0.0.1\"},\"actions\":[{\"type\":\"output\",\"port\":1}]},{\"table\":0,\"priority\":7,"
                + "\"match\":{\"eth_type\":\"0x800\",\"ipv4_dst\":\"10.0.0.2\"},\"actions\":[{\"type\":\"output\","
                + "\"port\":1}]}]}", FlowProgrammingRun.body(2, 7));
        JsonNode many = BenchJson.read(FlowProgrammingRun.body(70_000, 1));
        assertEquals("10.1.17.112", many.get("flows").get(69_999).get("match").get("ipv4_dst").textValue());
    }
}
