package io.skylane.lb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Adding a member or a load balancer changes as many rules among 60 load balancers as among 10:
 * the rules of the load balancer itself on its VPC's switches, nothing of the others (counts, not
 * times; {@link LoadBalancerRuleCounts} prints them up to 1,000).
 */
class LoadBalancerRuleCountTest {

    private static final int SPREAD = 5;

    @Test
    void aMemberOrALoadBalancerAddedChangesNoMoreRulesAmongManyLoadBalancersThanAmongFew() {
        LoadBalancerRuleCounts.Changes few = LoadBalancerRuleCounts.changes(10, SPREAD);
        LoadBalancerRuleCounts.Changes many = LoadBalancerRuleCounts.changes(60, SPREAD);
        assertEquals(6 * few.rules(), many.rules(), "the fleet grows with the load balancers");
        for (LoadBalancerRuleCounts.Changes c : new LoadBalancerRuleCounts.Changes[] {few, many}) {
            // the rest of the fleet changes nothing: the same change with the load balancer's VPC alone
            assertEquals(c.addMemberAlone(), c.addMember(), "add a member among " + c.lbs());
            assertEquals(SPREAD, c.addMember().switches(), "add a member among " + c.lbs());
            assertEquals(SPREAD, c.removeMember().switches(), "remove a member among " + c.lbs());
            assertEquals(SPREAD, c.addLb().switches(), "add a load balancer among " + c.lbs());
        }
        // Rules added or removed do not depend on the fleet; the slot rules that change owner (modified)
        // depend on the members' ids (Maglev), never on the other load balancers.
        assertEquals(few.addMember().added(), many.addMember().added());
        assertEquals(few.removeMember().removed(), many.removeMember().removed());
        assertEquals(few.addLb(), many.addLb());
        assertTrue(few.addLb().removed() == 0 && few.addLb().modified() == 0, "a new load balancer only adds: " + few);
    }
}
