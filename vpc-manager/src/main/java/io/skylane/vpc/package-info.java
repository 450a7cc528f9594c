/**
 * Tenants, VPCs, subnets, ports and security groups: their model ({@code model}), the requests and
 * validation of the northbound intent ({@code intent}), where intents are kept ({@code store}), the
 * tenant pipeline's compilers ({@code pipeline}) and the data plane that runs them ({@code dataplane}).
 */
package io.skylane.vpc;
