package io.skylane.vpc.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Prefix;
import java.util.Comparator;
import java.util.UUID;

/**
 * One way a router opens from a VPC into another: hosts of the VPC whose source address is in
 * {@code source} (a subnet of the VPC on the router) reach the ports of VPC {@code vpc} (segment
 * {@code segment}) whose addresses are in {@code destination} (a subnet of that VPC on the same
 * router). A router with subnets of two VPCs gives one join each way for each pair of their subnets.
 *
 * @param source      the sending VPC's subnet on the router
 * @param vpc         the other VPC
 * @param segment     the other VPC's segment
 * @param destination the other VPC's subnet on the router
 */
public record Join(Ip4Prefix source, UUID vpc, int segment, Ip4Prefix destination) implements Comparable<Join> {

    private static final Comparator<Join> ORDER = Comparator.comparing(Join::destination)
            .thenComparing(Join::source).thenComparingInt(Join::segment).thenComparing(Join::vpc);

    public Join {
        checkNotNull(source, "source");
        checkNotNull(vpc, "vpc");
        checkNotNull(destination, "destination");
        checkArgument(segment >= 0, "segment must be >= 0");
    }

    @Override
    public int compareTo(Join o) {
        return ORDER.compare(this, o);
    }
}
