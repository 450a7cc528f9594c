package io.skylane.vpc.model;

/**
 * Where the controller is in applying a load-balancing resource, as Octavia names it:
 * {@code PENDING_CREATE}/{@code PENDING_UPDATE} until every switch involved confirmed its rules,
 * then {@code ACTIVE}; {@code ERROR} when a switch refused them.
 */
public enum ProvisioningStatus {
    ACTIVE, PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE, DELETED, ERROR
}
