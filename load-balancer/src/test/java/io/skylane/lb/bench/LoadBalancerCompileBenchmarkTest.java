package io.skylane.lb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.lb.dataplane.LoadBalancerCompiler;
import org.junit.jupiter.api.Test;

/** The benchmark runs once and compiles what its name says (so a change cannot silently hollow it out). */
class LoadBalancerCompileBenchmarkTest {

    @Test
    void compilesEveryLoadBalancerOnItsVpcsSwitches() {
        LoadBalancerCompileBenchmark bench = new LoadBalancerCompileBenchmark();
        bench.lbs = 10;
        bench.spread = 5;
        bench.setUp();
        LoadBalancerCompiler.Result r = bench.compileAll();
        bench.check(r);
        assertEquals(100, r.members().size());
    }
}
