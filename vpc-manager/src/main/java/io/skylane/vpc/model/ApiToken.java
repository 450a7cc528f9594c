package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

/**
 * An API token of a tenant. Only the SHA-256 of the secret is kept ({@code secretHash}, hex); the
 * secret itself is shown once, when the token is issued.
 */
public record ApiToken(Meta meta, String secretHash) implements Resource {

    public ApiToken {
        requireNonNull(meta, "meta");
        requireNonNull(secretHash, "secretHash");
    }

    @Override
    public ApiToken withMeta(Meta m) {
        return new ApiToken(m, secretHash);
    }

    @Override
    public ResourceType type() {
        return ResourceType.TOKEN;
    }
}
