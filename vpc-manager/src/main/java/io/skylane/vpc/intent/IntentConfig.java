package io.skylane.vpc.intent;

import io.skylane.vpc.model.Vpc;

/**
 * Settings of the intent service.
 *
 * @param adminToken      the admin's bearer token, or null for none (then only tenant tokens work)
 * @param segmentMin      lowest segment id given to a VPC
 * @param segmentMax      highest segment id given to a VPC
 * @param macPrefix       upper three octets of allocated MACs (locally administered, unicast)
 */
public record IntentConfig(String adminToken, int segmentMin, int segmentMax, long macPrefix) {

    /** fa:16:3e, the OUI OpenStack uses for allocated port MACs (locally administered). */
    public static final long DEFAULT_MAC_PREFIX = 0xfa163eL;

    public IntentConfig {
        if (segmentMin < 1 || segmentMax > Vpc.MAX_SEGMENT_ID || segmentMin > segmentMax) {
            throw new IllegalArgumentException("segment range must be within 1.." + Vpc.MAX_SEGMENT_ID
                    + ": " + segmentMin + ".." + segmentMax);
        }
        if ((macPrefix & ~0xffffffL) != 0 || (macPrefix & 0x010000L) != 0 || (macPrefix & 0x020000L) == 0) {
            throw new IllegalArgumentException("MAC prefix must be a locally administered unicast OUI");
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
    }

    public static IntentConfig defaults(String adminToken) {
        return new IntentConfig(adminToken, 1, 4094, DEFAULT_MAC_PREFIX);
    }
}
