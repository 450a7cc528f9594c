/**
 * Tenants, VPCs, subnets, ports and security groups, compiled to flow rules (see DESIGN.md).
 * No code yet: the VPC data plane is its own issue.
 */
package io.skylane.vpc;
