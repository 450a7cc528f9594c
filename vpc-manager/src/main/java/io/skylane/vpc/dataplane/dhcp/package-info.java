/** The DHCP server of tenant subnets: message codec and the answers to DISCOVER, REQUEST and INFORM. */
package io.skylane.vpc.dataplane.dhcp;
