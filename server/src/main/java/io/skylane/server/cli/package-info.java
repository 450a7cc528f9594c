/**
 * The {@code skylane} command-line client of the REST API: tenants, VPCs, subnets, ports, security
 * groups and their rules, tenant tokens, load balancers with their listeners, pools, members and
 * health monitors. Each resource type is a small {@link io.skylane.server.cli.ResourceSpec}
 * (path, table columns, body options); the generic create, list, show, update and delete commands
 * are built from it. See docs/cli.md.
 */
package io.skylane.server.cli;
