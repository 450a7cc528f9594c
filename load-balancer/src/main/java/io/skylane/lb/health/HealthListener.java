package io.skylane.lb.health;

/**
 * Told of each member's transition, one call at a time and in the order they happened, on whichever
 * thread caused the first of a run of them (a packet-in thread, the prober's executor); never under
 * the prober's lock, so it may call the prober back ({@link HealthProber#setTargets}).
 */
@FunctionalInterface
public interface HealthListener {

    void transition(HealthTransition transition);
}
