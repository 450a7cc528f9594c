/**
 * Tenants, VPCs, subnets, ports and security groups, compiled to flow rules (see DESIGN.md).
 * So far only their model: the YANG modules in {@link io.skylane.vpc.model}; the VPC data plane is its own issue.
 */
package io.skylane.vpc;
