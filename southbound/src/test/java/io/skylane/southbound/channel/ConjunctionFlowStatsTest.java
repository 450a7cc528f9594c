package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowEntry;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.ConjunctionTranslationTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;

/**
 * An Open vSwitch holding conjunctive-match rules answers the audit's flow statistics request with
 * NXAST_CONJUNCTION actions and conj_id matches, which openflowj alone cannot read: the connection
 * must stay up and the entries must decode to the rules that installed them, so the audit keeps
 * them instead of re-adding them.
 */
class ConjunctionFlowStatsTest {

    @Test
    void ovsFlowStatsWithConjunctionsDecodeToTheDesiredRules() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2));
            SwitchHandle h = sw.listener.of(Connected.class).get(0).sw();
            CompletableFuture<List<FlowEntry>> flows = h.requestFlows();
            OFFlowStatsRequest req = (OFFlowStatsRequest) sw.sentOne();

            byte[] reply = ConjunctionTranslationTest.golden("conj_flow_stats_reply.bin");
            long xid = req.getXid();
            reply[4] = (byte) (xid >>> 24);
            reply[5] = (byte) (xid >>> 16);
            reply[6] = (byte) (xid >>> 8);
            reply[7] = (byte) xid;
            sw.receiveBytes(reply);

            assertTrue(flows.isDone());
            assertEquals(List.copyOf(ConjunctionTranslationTest.ovsFlowMods().values()),
                    flows.get().stream().map(FlowEntry::rule).toList());
            assertEquals(0, sw.counter(Counter.ENTRIES_UNDECODABLE));
            assertTrue(sw.ch.isActive(), "connection still up");
        }
    }
}
