package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.IP_A;
import static io.skylane.core.testing.SimPacketTest.IP_B;
import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static io.skylane.core.testing.SimSwitchTest.DEV;
import static io.skylane.core.testing.SimSwitchTest.MAC_C;
import static io.skylane.core.testing.SimSwitchTest.out;
import static io.skylane.core.testing.SimSwitchTest.rule;
import static io.skylane.core.testing.SimSwitchTest.tcp;
import static io.skylane.core.testing.SimSwitchTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.GroupDescription.Type;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.SimSwitch.SelectMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimSwitchGroupTest {

    private static GroupDescription group(int id, Type type, GroupBucket... buckets) {
        return new GroupDescription(DEV, id, type, List.of(buckets), SimSwitchTest.APP.id());
    }

    private static SimSwitch.Builder sw(Action toGroup, GroupDescription... groups) {
        return SimSwitch.builder(DEV).livePorts(1, 2, 3, 4).groups(List.of(groups))
                .rule(rule(0, 10).apply(toGroup).build());
    }

    @Test
    void allRunsEveryBucketOnItsOwnCopy() {
        GroupDescription g = group(1, Type.ALL, GroupBucket.all(List.of(Action.setEthDst(MAC_C), out(2))),
                GroupBucket.all(List.of(out(3))));

        SimResult r = sw(new Action.Group(1), g).build().process(tcp());

        assertEquals(List.of(PortNumber.of(2), PortNumber.of(3)), r.outputs().stream().map(SimResult.Output::port)
                .toList());
        assertEquals(MAC_C, r.packetOn(2).ethDst());
        assertEquals(MAC_B, r.packetOn(3).ethDst(), "one bucket's changes do not leak into the next");
        assertTrue(r.toString().contains("group 0x1 ALL bucket 1"), r::toString);
    }

    @Test
    void aGroupInApplyActionsWorksOnACopyAndTheListGoesOn() {
        GroupDescription g = group(1, Type.INDIRECT, GroupBucket.all(List.of(Action.setEthDst(MAC_C), out(2))));
        SimSwitch s = SimSwitch.builder(DEV).livePorts(1, 2, 3).group(g)
                .rule(rule(0, 10).apply(new Action.Group(1), out(3)).build()).build();

        SimResult r = s.process(tcp());

        assertEquals(MAC_C, r.packetOn(2).ethDst());
        assertEquals(MAC_B, r.packetOn(3).ethDst());
    }

    @Test
    void aGroupInTheActionSetReplacesItsOutput() {
        GroupDescription g = group(1, Type.INDIRECT, GroupBucket.all(List.of(out(2))));
        SimSwitch s = SimSwitch.builder(DEV).livePorts(1, 2, 3).group(g)
                .rule(rule(0, 10).instruction(write(out(3), new Action.Group(1))).build()).build();

        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp()).outPorts());
    }

    @Test
    void fastFailoverTakesTheFirstBucketWhoseWatchPortIsLive() {
        GroupDescription g = group(1, Type.FAST_FAILOVER,
                GroupBucket.failover(PortNumber.of(2), List.of(out(2))),
                GroupBucket.failover(PortNumber.of(3), List.of(out(3))));
        SimSwitch.Builder b = SimSwitch.builder(DEV).group(g).rule(rule(0, 10).apply(new Action.Group(1)).build());

        assertEquals(Set.of(PortNumber.of(2)), b.livePorts(1, 2, 3).build().process(tcp()).outPorts());
        assertEquals(Set.of(PortNumber.of(3)), b.livePorts(1, 3).build().process(tcp()).outPorts());
        SimResult none = b.livePorts(1).build().process(tcp());
        assertTrue(none.isDropped());
        assertEquals("group 0x1 FAST_FAILOVER has no live bucket", none.drops().get(0).reason());
    }

    @Test
    void aFastFailoverBucketCanWatchAnotherGroup() {
        GroupDescription watched = group(2, Type.FAST_FAILOVER, GroupBucket.failover(PortNumber.of(2), List.of(out(2))));
        GroupDescription g = group(1, Type.FAST_FAILOVER,
                new GroupBucket(0, PortNumber.ANY, 2, List.of(new Action.Group(2))),
                GroupBucket.failover(PortNumber.of(4), List.of(out(4))));
        SimSwitch.Builder b = SimSwitch.builder(DEV).group(watched).group(g)
                .rule(rule(0, 10).apply(new Action.Group(1)).build());

        assertEquals(Set.of(PortNumber.of(2)), b.livePorts(1, 2, 4).build().process(tcp()).outPorts());
        assertEquals(Set.of(PortNumber.of(4)), b.livePorts(1, 4).build().process(tcp()).outPorts());
    }

    @Test
    void selectPicksOneLiveBucketByFlowHash() {
        GroupDescription g = group(1, Type.SELECT, GroupBucket.select(1, List.of(out(2))),
                GroupBucket.select(1, List.of(out(3))), GroupBucket.select(0, List.of(out(4))));
        SimSwitch s = sw(new Action.Group(1), g).build();

        Set<PortNumber> used = new HashSet<>();
        for (int srcPort = 1000; srcPort < 1064; srcPort++) {
            SimPacket p = SimPacket.tcp(MAC_A, MAC_B, IP_A, IP_B, srcPort, 80).at(1);
            SimResult r = s.process(p);
            assertEquals(1, r.outputs().size(), r::toString);
            assertEquals(r.outPorts(), s.process(p).outPorts(), "the same flow takes the same bucket");
            used.addAll(r.outPorts());
        }
        assertEquals(Set.of(PortNumber.of(2), PortNumber.of(3)), used, "flows spread; weight 0 is never taken");
    }

    @Test
    void selectWithEveryBucketExploresEachLiveChoice() {
        GroupDescription g = group(1, Type.SELECT, GroupBucket.select(1, List.of(out(2))),
                GroupBucket.select(5, List.of(out(3))),
                new GroupBucket(1, PortNumber.of(9), GroupBucket.ANY_GROUP, List.of(out(4))));
        SimSwitch s = sw(new Action.Group(1), g).selectMode(SelectMode.EVERY_BUCKET).build();

        assertEquals(Set.of(PortNumber.of(2), PortNumber.of(3)), s.process(tcp()).outPorts(),
                "the bucket watching the dead port 9 is skipped");
    }

    @Test
    void selectWithNoLiveBucketDrops() {
        GroupDescription g = group(1, Type.SELECT,
                new GroupBucket(1, PortNumber.of(9), GroupBucket.ANY_GROUP, List.of(out(2))));

        SimResult r = sw(new Action.Group(1), g).build().process(tcp());

        assertTrue(r.isDropped());
        assertTrue(r.drops().get(0).reason().contains("no live bucket"), r::toString);
    }

    @Test
    void groupsChain() {
        GroupDescription leaf = group(2, Type.INDIRECT, GroupBucket.all(List.of(new Action.DecNwTtl(), out(3))));
        GroupDescription root = group(1, Type.ALL, GroupBucket.all(List.of(out(2))),
                GroupBucket.all(List.of(new Action.Group(2))));

        SimResult r = sw(new Action.Group(1), leaf, root).build().process(tcp());

        assertEquals(64, r.packetOn(2).ttl());
        assertEquals(63, r.packetOn(3).ttl());
    }

    @Test
    void aBucketThatRefersToAMissingGroupIsRejected() {
        GroupDescription g = group(1, Type.ALL, GroupBucket.all(List.of(new Action.Group(7))));

        assertThrows(IllegalArgumentException.class, () -> sw(new Action.Group(1), g).build());
    }
}
