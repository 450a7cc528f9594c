/**
 * Checks JSON resources, as the API returns them, against the intent model's YANG modules with
 * OpenDaylight yangtools. Shipped in vpc-manager's test-jar for the tests of every module that serves
 * these resources; see {@link io.skylane.vpc.yang.YangModel}.
 */
package io.skylane.vpc.yang;
