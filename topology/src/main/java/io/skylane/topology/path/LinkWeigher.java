package io.skylane.topology.path;

import io.skylane.core.net.ConnectPoint;
import io.skylane.topology.Link;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The weight of a link for path computation. Weights must be positive and finite, and a pure
 * function of the link for as long as a snapshot lives: results are cached per snapshot and
 * weigher. Weigh a cable both ways by giving both of its links a weight.
 *
 * <p>Weighers are compared with {@code equals} to share cached results: the ones made here are
 * values (two equal maps give equal weighers); a lambda is equal only to itself.
 */
@FunctionalInterface
public interface LinkWeigher {

    /** Every link weighs 1: shortest means fewest hops (breadth-first search, no heap). */
    LinkWeigher HOP_COUNT = LinkWeighers.HopCount.INSTANCE;

    /** Speed assumed for a port that reports none (0): 1 Gbit/s. */
    long UNKNOWN_SPEED_KBPS = 1_000_000L;

    /** The weight of this link: positive and finite. */
    double weight(Link link);

    /**
     * Weights from configuration: the mapped weight of a link, else {@code defaultWeight}.
     *
     * @throws IllegalArgumentException if a weight is not positive and finite
     */
    static LinkWeigher of(Map<Link, Double> weights, double defaultWeight) {
        return new LinkWeighers.MapWeigher(weights, defaultWeight);
    }

    /**
     * Weights from port speeds, as OSPF's reference bandwidth does: {@code referenceKbps} divided
     * by the slower end's speed, at least 1. With 100 Gbit/s as reference, a 10 Gbit/s link weighs
     * 10 and a 100 Gbit/s link 1. A port reporting no speed counts as {@link #UNKNOWN_SPEED_KBPS}.
     * Speeds are read while a snapshot's paths are computed; a speed change needs a new snapshot
     * to be seen.
     *
     * @param speedKbps     the current speed of a port in kbit/s, 0 if unknown
     * @param referenceKbps the speed that weighs 1
     */
    static LinkWeigher bySpeed(ToLongFunction<ConnectPoint> speedKbps, long referenceKbps) {
        return new LinkWeighers.SpeedWeigher(speedKbps, referenceKbps);
    }
}
