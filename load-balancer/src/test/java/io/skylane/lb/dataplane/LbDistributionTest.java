package io.skylane.lb.dataplane;

import static io.skylane.lb.dataplane.LbLab.at;
import static io.skylane.lb.dataplane.LbLab.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.testing.TenantFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How new connections spread over the members, measured on the simulator with fixed seeds: shares
 * follow the weights, SOURCE_IP keeps a client on one member, and adding or removing one member of
 * N moves about 1/N of the SOURCE_IP clients (docs/load-balancer-design.md §1).
 *
 * <p>Clients are the addresses 10.8.0.0/16 of one port (an allowed address pair); members allow
 * TCP 8080 from anywhere. Only first packets are sent: the member is chosen by the first one.
 * Member ids are random (the intent service makes them), so the slot table differs from run to
 * run; the bounds hold for any ids, as each test explains.
 */
class LbDistributionTest {

    private static final String VIP = "10.0.0.100";

    private final LbLab lab = new LbLab(3);
    private final LbLab.Tenant t = lab.tenant("t", "10.0.0.0/24");
    private final UUID web = t.fixture.group("web",
            RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(8080, 8080));
    private final List<Port> hosts = List.of(member("02:00:00:00:01:01", "10.0.0.21", 2, 1),
            member("02:00:00:00:01:02", "10.0.0.22", 2, 2), member("02:00:00:00:01:03", "10.0.0.23", 3, 1),
            member("02:00:00:00:01:04", "10.0.0.24", 3, 2));
    private final Port client = t.port(TenantFixture.settings("02:00:00:00:00:01", "10.0.0.11", cp(1, 1))
            .withAllowedAddressPairs(List.of(new PortUpdate.AddressPair(IpPrefix.parse("10.8.0.0/16"), null))));

    private Port member(String mac, String ip, long sw, long port) {
        return t.port(TenantFixture.settings(mac, ip, cp(sw, port)).withSecurityGroups(List.of(web)));
    }

    private Pool pool(Pool.Algorithm algorithm, int... weights) {
        Pool pool = t.pool(t.listener(t.lb(VIP), L4Protocol.TCP, 80), algorithm);
        for (int i = 0; i < weights.length; i++) {
            t.member(pool, "10.0.0.2" + (i + 1), 8080, weights[i]);
        }
        return pool;
    }

    /** {@code n} distinct client addresses of 10.8.0.0/16, drawn with {@code seed}. */
    private static List<String> addresses(long seed, int n) {
        Random rnd = new Random(seed);
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i < 0xffff; i++) {
            all.add(i);
        }
        Collections.shuffle(all, rnd);
        return all.subList(0, n).stream().map(i -> "10.8." + (i >> 8) + "." + (i & 0xff)).toList();
    }

    /** The index in {@link #hosts} of the member a SYN from {@code src}:{@code srcPort} reaches. */
    private int memberOf(SimFabric f, String src, int srcPort) {
        FabricResult r = f.send(at(client), t.tcp(client, src, VIP, srcPort, 80));
        assertEquals(1, r.deliveries().size(), r::toString);
        ConnectPoint where = r.deliveries().get(0).at();
        for (int i = 0; i < hosts.size(); i++) {
            if (at(hosts.get(i)).equals(where)) {
                assertEquals(Ip4Address.parse(src), r.deliveries().get(0).packet().ipv4Src());
                return i;
            }
        }
        throw new AssertionError("delivered at " + where + "\n" + r);
    }

    private static void assertShares(int[] counts, int[] weights, double tolerance) {
        int n = 0;
        int w = 0;
        for (int i = 0; i < weights.length; i++) {
            n += counts[i];
            w += weights[i];
        }
        for (int i = 0; i < weights.length; i++) {
            double share = (double) counts[i] / n;
            double want = (double) weights[i] / w;
            assertTrue(Math.abs(share - want) <= tolerance, String.format("member %d: share %.3f, weight share %.3f "
                    + "(counts %s)", i + 1, share, want, Arrays.toString(counts)));
        }
    }

    /**
     * 3,000 connections from random addresses and ports, weights 1:2:3. The slot table gives the
     * members 42/84/125 of 251 slots (Sainte-Laguë: each within half a slot, 0.2 %, of the weight
     * share); the sample's share of a member deviates from its slot share with a standard deviation
     * of at most sqrt(0.25 / 3000) = 0.9 %: 0.04 is more than 4 standard deviations.
     */
    @Test
    void perConnectionSharesFollowTheWeights() {
        int[] weights = {1, 2, 3};
        pool(Pool.Algorithm.SOURCE_IP_PORT, weights);
        SimFabric f = lab.fabric();
        Random rnd = new Random(7);
        List<String> sources = addresses(1, 300);
        int[] counts = new int[4];
        for (int i = 0; i < 3000; i++) {
            counts[memberOf(f, sources.get(rnd.nextInt(sources.size())), 1024 + rnd.nextInt(60000))]++;
        }
        assertEquals(0, counts[3], "10.0.0.24 is not a member");
        assertShares(counts, weights, 0.04);
    }

    /**
     * SOURCE_IP: 2,000 client addresses, weights 1:2:3, within 0.045 of the weight shares (at most
     * sqrt(0.25 / 2000) = 1.1 % standard deviation, plus the 0.2 % of the slot apportionment); and
     * 300 of them, opening 4 connections each from different ports, each stay on one member.
     */
    @Test
    void sourceIpSharesFollowTheWeightsAndEachClientStaysOnOneMember() {
        int[] weights = {1, 2, 3};
        pool(Pool.Algorithm.SOURCE_IP, weights);
        SimFabric f = lab.fabric();
        List<String> sources = addresses(2, 2000);
        int[] counts = new int[4];
        Map<String, Integer> first = new HashMap<>();
        for (String s : sources) {
            int m = memberOf(f, s, 40000);
            counts[m]++;
            first.put(s, m);
        }
        assertShares(counts, weights, 0.045);
        Random rnd = new Random(3);
        for (String s : sources.subList(0, 300)) {
            for (int c = 0; c < 4; c++) {
                assertEquals(first.get(s), memberOf(f, s, 1024 + rnd.nextInt(60000)),
                        s + ": every connection of a client goes to one member");
            }
        }
    }

    /** Each address's member, on a fabric with fresh conntrack and the rules of the pool as it is now. */
    private int[] members(List<String> sources) {
        SimFabric f = lab.fabric();
        int[] out = new int[sources.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = memberOf(f, sources.get(i), 40000);
        }
        return out;
    }

    /**
     * SOURCE_IP with 3 members of equal weight over 2,000 client addresses. Adding a 4th moves about
     * 1/4 of the clients, removing one of 3 about 1/3: the slots the member takes or leaves (63 or
     * 84 of 251), plus the few Maglev moves between members that stay (for 2 or 3 members, at most
     * 12 slots, 4.8 %, over 1,000 random pools: docs/load-balancer-design.md, "Disruption"), plus
     * sampling (standard deviation at most 1.1 % for 2,000 addresses). Hence at least 1/N - 0.05 and at
     * most 1/N + 0.08 move, and at most 0.08 move between members that stay.
     */
    @Test
    void addingOrRemovingOneMemberOfNMovesAboutOneNthOfTheSourceIpClients() {
        Pool pool = pool(Pool.Algorithm.SOURCE_IP, 1, 1, 1);
        List<String> sources = addresses(4, 2000);
        int[] before = members(sources);

        Member fourth = t.member(pool, "10.0.0.24", 8080, 1);
        int[] added = members(sources);
        assertMoved(before, added, 4, 3, "adding a 4th member");

        lab.intents.delete(ResourceType.MEMBER, Actor.ADMIN, fourth.id(), null, false);
        int[] back = members(sources);
        assertEquals(Arrays.toString(before), Arrays.toString(back),
                "the same pool gives the same table: every client back where it was");

        Member second = lab.intents.store().all(ResourceType.MEMBER).stream().map(Member.class::cast)
                .filter(m -> m.address().getHostAddress().equals("10.0.0.22")).findFirst().orElseThrow();
        lab.intents.delete(ResourceType.MEMBER, Actor.ADMIN, second.id(), null, false);
        int[] removed = members(sources);
        assertMoved(before, removed, 3, 1, "removing 1 of 3 members");
    }

    /** {@code changed}: the index of the member that joined or left; {@code n}: 1/n is the ideal fraction. */
    private static void assertMoved(int[] before, int[] after, int n, int changed, String what) {
        int moved = 0;
        int between = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                moved++;
                if (before[i] != changed && after[i] != changed) {
                    between++;
                }
            }
        }
        double fraction = (double) moved / before.length;
        double others = (double) between / before.length;
        String msg = String.format("%s: %.3f of the clients moved (ideal %.3f), %.3f between members that stay",
                what, fraction, 1.0 / n, others);
        assertTrue(fraction >= 1.0 / n - 0.05 && fraction <= 1.0 / n + 0.08, msg);
        assertTrue(others <= 0.08, msg);
    }
}
