package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.net.ConnectPoint;
import io.skylane.topology.Link;
import java.util.Map;
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

    record MapWeigher(Map<Link, Double> weights, double defaultWeight) implements LinkWeigher {

        MapWeigher {
            weights = ImmutableMap.copyOf(checkNotNull(weights, "weights"));
            checkArgument(isValidWeight(defaultWeight), "default weight must be positive and finite");
            weights.forEach((l, w) -> checkArgument(isValidWeight(w), "weight of %s must be positive and finite: %s",
                    l, w));
        }

        @Override
        public double weight(Link link) {
            return weights.getOrDefault(link, defaultWeight);
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
