/**
 * The OpenStack APIs over Skylane's one intent store (issue #16, docs/openstack.md): a Keystone v3
 * subset at {@code /identity} ({@link io.skylane.northbound.openstack.KeystoneRoutes}, tokens in
 * {@link io.skylane.northbound.openstack.KeystoneTokens}), Neutron v2.0 at {@code /networking}
 * ({@link io.skylane.northbound.openstack.NeutronRoutes}) and Octavia v2 at {@code /load-balancer}
 * ({@link io.skylane.northbound.openstack.OctaviaRoutes}), so that the {@code openstack} client and
 * openstacksdk drive Skylane unchanged. Each API's resources are {@code OpenStackResource}s: how a
 * native resource is shown and written under the API's names. Every write goes through the same
 * {@link io.skylane.vpc.intent.IntentService} as {@code /v1}: same ids, validation, tenant scoping,
 * revisions and durability. Errors answer in each API's own format ({@link OpenStackErrors}).
 */
package io.skylane.northbound.openstack;
