package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;
import io.skylane.core.net.ConnectPoint;
import io.skylane.topology.Link;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/** The weighers behind {@link LinkWeigher}'s factories, as values. */
final class LinkWeighers {

    private LinkWeighers() {
    }

    static boolean isValidWeight(double w) {
        return w > 0 && w < Double.POSITIVE_INFINITY;
    }

    enum HopCount implements LinkWeigher {
        INSTANCE;

        @Override
        public double weight(Link link) {
            return 1;
        }

        @Override
        public String toString() {
            return "hop-count";
        }
    }

    /**
     * Weights by link with a default. A value (equal maps, equal weighers) whose hash is computed
     * once: it is part of the cache key looked up on every query.
     */
    static final class MapWeigher implements LinkWeigher {
        private final ImmutableMap<Link, Double> weights;
        private final double defaultWeight;
        private final int hash;

        MapWeigher(Map<Link, Double> weights, double defaultWeight) {
            this.weights = ImmutableMap.copyOf(checkNotNull(weights, "weights"));
            checkArgument(isValidWeight(defaultWeight), "default weight must be positive and finite");
            this.weights.forEach((l, w) -> checkArgument(isValidWeight(w),
                    "weight of %s must be positive and finite: %s", l, w));
            this.defaultWeight = defaultWeight;
            this.hash = Objects.hash(this.weights, defaultWeight);
        }

        @Override
        public double weight(Link link) {
            return weights.getOrDefault(link, defaultWeight);
        }

        @Override
        public boolean equals(Object o) {
            return this == o || (o instanceof MapWeigher other && hash == other.hash
                    && Double.compare(defaultWeight, other.defaultWeight) == 0 && weights.equals(other.weights));
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return MoreObjects.toStringHelper("LinkWeigher").add("links", weights.size())
                    .add("default", defaultWeight).toString();
        }
    }

    record SpeedWeigher(ToLongFunction<ConnectPoint> speedKbps, long referenceKbps) implements LinkWeigher {

        SpeedWeigher {
            checkNotNull(speedKbps, "speedKbps");
            checkArgument(referenceKbps > 0, "reference speed must be positive");
        }

        @Override
        public double weight(Link link) {
            long speed = Math.min(known(speedKbps.applyAsLong(link.src())), known(speedKbps.applyAsLong(link.dst())));
            return Math.max(1.0, (double) referenceKbps / speed);
        }

        private static long known(long kbps) {
            return kbps > 0 ? kbps : LinkWeigher.UNKNOWN_SPEED_KBPS;
        }
    }
}
