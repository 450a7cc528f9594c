package io.skylane.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a static flow body of {@code rules} rules into checked {@link FlowRule}s, the shape
 * {@code skylane bench --mode flows} sends (eth_type, ipv4_dst, output to port 1): {@code stream}
 * is what the API does ({@link FlowRequestReader}); {@code tree} is how it read bodies before (a
 * Jackson tree of the whole body, its Unicode walk, then {@link FlowRuleParser#rule} per element
 * and the same-key check). One operation is one body. In package {@code io.skylane.northbound}
 * (not {@code .bench}) because the readers are package-private.
 *
 * <p>Run: {@code lab/jmh.sh northbound-api -- StaticFlowBody -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class StaticFlowBodyBenchmark {

    @Param({"10000"})
    public int rules;

    private byte[] body;
    private FlowRuleParser parser;

    @Setup
    public void setUp() {
        StringBuilder b = new StringBuilder("{\"flows\": [");
        for (int i = 1; i <= rules; i++) {
            b.append(i > 1 ? ", " : "").append("{\"table\":0,\"priority\":1000,\"match\":{\"eth_type\":\"0x800\",")
                    .append("\"ipv4_dst\":\"10.").append((i >>> 16) & 0xff).append('.').append((i >>> 8) & 0xff)
                    .append('.').append(i & 0xff).append("\"},\"actions\":[{\"type\":\"output\",\"port\":1}]}");
        }
        body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        parser = new FlowRuleParser(DeviceId.of(1), ProtocolVersion.OF_13, RestServer.STATIC_FLOWS_APP);
        if (!stream().equals(tree())) {
            throw new IllegalStateException("the readers disagree");
        }
    }

    @Benchmark
    public List<FlowRule> stream() {
        return new FlowRequestReader(parser).read(body);
    }

    @Benchmark
    public List<FlowRule> tree() {
        JsonNode list = JsonBodies.tree(body, null).get("flows");
        List<FlowRule> out = new ArrayList<>(list.size());
        Map<FlowKey, Integer> seen = new HashMap<>(list.size() * 2);
        for (int i = 0; i < list.size(); i++) {
            FlowRule r = parser.rule(list.get(i), "flows[" + i + "]");
            if (seen.putIfAbsent(r.key(), i) != null) {
                throw new IllegalStateException("same key twice");
            }
            out.add(r);
        }
        return out;
    }
}
