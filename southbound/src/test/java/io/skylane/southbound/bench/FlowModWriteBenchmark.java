package io.skylane.southbound.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.translate.FlowModEncoder;
import io.skylane.southbound.translate.FlowModWriter;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * One OpenFlow 1.3 FLOW_MOD ADD written into a batch's buffer, as {@code PendingBatch} does for
 * each rule: through openflowj ({@link FlowModEncoder}'s objects, then {@code writeTo}) or straight
 * from the core rule ({@link FlowModWriter}). Rules: {@code flow_service}, the rule of
 * {@code skylane bench --mode flow_service} (eth_type, ipv4_dst -> output); {@code tenant}, an
 * ACL-like rule of the tenant pipeline (metadata masked, IPv4 source prefix and destination, TCP
 * port range block -> ct(table), then goto). The buffer is pooled and reused: the measured code
 * allocates what production allocates per rule, the harness nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowModWriteBenchmark {

    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    static final AppId APP = AppId.of(3, "vpc");

    /** A rule, and the buffer every operation writes into. */
    @State(Scope.Thread)
    public static class Rule {
        @Param({"flow_service", "tenant"})
        public String rule;

        FlowRule flowRule;
        ByteBuf out;
        long xid;

        @Setup(Level.Trial)
        public void setUp() {
            flowRule = rule(rule);
            out = PooledByteBufAllocator.DEFAULT.directBuffer(256);
            byte[] viaOpenflowj = bytes(openflowjWrite(this));
            xid = 0; // the same xid for both
            byte[] direct = bytes(directWrite(this));
            if (!Arrays.equals(viaOpenflowj, direct) || viaOpenflowj[1] != 14) {
                throw new IllegalStateException("the two encoders disagree or wrote no FLOW_MOD for " + flowRule);
            }
        }

        private byte[] bytes(int length) {
            return ByteBufUtil.getBytes(out, 0, length);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            out.release();
        }
    }

    static FlowRule rule(String name) {
        FlowRule.Builder b = FlowRule.builder().device(DeviceId.of(0xd1)).app(APP);
        return switch (name) {
            case "flow_service" -> b.table(0).priority(1000).match(Match.builder().add(Criterion.ethType(EthType.IPV4))
                            .add(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.of(0x0a000101), 32))).build())
                    .apply(Action.output(PortNumber.of(1))).build();
            case "tenant" -> b.table(2).priority(3000).match(Match.builder()
                            .add(Criterion.metadata(0x0000000500000000L, 0x00ffffff00000000L))
                            .add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP))
                            .add(Criterion.ipv4Src(Ip4Prefix.of(Ip4Address.of(0x0a010000), 16)))
                            .add(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.of(0x0a020304), 32)))
                            .add(new Criterion.NumberField(Criterion.Type.TCP_DST, 0x0400, 0xfc00)).build())
                    .apply(Action.ct(5, 3)).gotoTable(3).build();
            default -> throw new IllegalArgumentException("no rule " + name);
        };
    }

    @Benchmark
    public int openflowj(Rule s) {
        return openflowjWrite(s);
    }

    @Benchmark
    public int direct(Rule s) {
        return directWrite(s);
    }

    static int openflowjWrite(Rule s) {
        s.out.clear();
        FlowModEncoder.flowMod(SwitchOp.Kind.ADD, s.flowRule, OF13, ++s.xid & 0xffffffffL, OptionalInt.empty())
                .writeTo(s.out);
        return s.out.writerIndex();
    }

    static int directWrite(Rule s) {
        s.out.clear();
        FlowModWriter.write(SwitchOp.Kind.ADD, s.flowRule, OF13, ++s.xid & 0xffffffffL, s.out);
        return s.out.writerIndex();
    }
}
