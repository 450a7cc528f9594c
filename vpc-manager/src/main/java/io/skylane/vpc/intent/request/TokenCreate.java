package io.skylane.vpc.intent.request;


/** Another API token for a tenant (admin only); {@code description} null is empty. */
public record TokenCreate(String description) {

    public static final TokenCreate NONE = new TokenCreate(null);
}
