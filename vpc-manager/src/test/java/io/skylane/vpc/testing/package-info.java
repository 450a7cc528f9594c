/** Test helpers of the tenant data plane's tests: a tenant with short ways to build its intents. */
package io.skylane.vpc.testing;

