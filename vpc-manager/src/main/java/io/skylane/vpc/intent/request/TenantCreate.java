package io.skylane.vpc.intent.request;


/** A new tenant (admin only); it gets its default security group and a first token. */
public record TenantCreate(Common common) {

    public TenantCreate {
        java.util.Objects.requireNonNull(common, "common");
    }
}
