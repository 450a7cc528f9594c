package io.skylane.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table layout, cell text and the option values that the API does not read itself. */
class TableAndValuesTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void columnsAreAsWideAsTheirWidestCellAndCellsMaySpanLines() {
        String t = Table.render(List.of("ID", "NAME"), List.of(List.of("1", "web"), List.of("12345", "a\nb")));
        assertEquals("ID     NAME\n1      web\n12345  a\n       b\n", t);
        assertEquals("k  v\n", Table.render(null, List.of(List.of("k", "v"))));
    }

    @Test
    void valuesReadAsText() throws Exception {
        assertEquals("-", Values.text(M.readTree("null")));
        assertEquals("-", Values.text(null));
        assertEquals("a, b", Values.text(M.readTree("[\"a\",\"b\"]")));
        assertEquals("", Values.text(M.readTree("[]")));
        assertEquals("dpid=00000000000000d1, port=1", Values.text(M.readTree("{\"dpid\":\"00000000000000d1\",\"port\":1,\"x\":null}")));
        assertEquals("start=1, end=2\nstart=3, end=4",
                Values.text(M.readTree("[{\"start\":\"1\",\"end\":\"2\"},{\"start\":\"3\",\"end\":\"4\"}]")));
        assertEquals("10.0.0.2, 10.0.0.3", Values.each(M.readTree(
                "{\"fixed_ips\":[{\"ip_address\":\"10.0.0.2\"},{\"ip_address\":\"10.0.0.3\"}]}"), "fixed_ips", "ip_address"));
    }

    @Test
    void optionValuesBecomeApiFields() {
        assertEquals("{\"dpid\":\"00000000000000d1\",\"port\":3}", Resources.binding("D1:3").toString());
        assertEquals("{\"dpid\":\"of:1\",\"port\":3}", Resources.binding("of:1:3").toString(), "the API judges the dpid");
        assertEquals("{\"dpid\":\"00000000000000d1\"}", Resources.binding("D1").toString(), "the switch only");
        assertThrows(IllegalArgumentException.class, () -> Resources.binding(":3"));
        assertThrows(IllegalArgumentException.class, () -> Resources.binding("d1:x"));
        assertEquals("{\"start\":\"10.0.0.5\",\"end\":\"10.0.0.9\"}", Resources.pool("10.0.0.5-10.0.0.9").toString());
        assertThrows(IllegalArgumentException.class, () -> Resources.pool("10.0.0.5"));
        assertEquals("{\"ip_address\":\"10.0.0.5\"}", FieldOption.pairs("--ip", "10.0.0.5", v -> "ip_address").toString());
        assertEquals("{\"subnet_id\":\"s\",\"ip_address\":\"fd00::5\"}",
                FieldOption.pairs("--ip", "subnet_id=s,ip_address=fd00::5", v -> "x").toString());
        assertThrows(IllegalArgumentException.class, () -> FieldOption.pairs("--ip", "a=1,a=2", v -> "x"));
    }
}
