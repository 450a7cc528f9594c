/**
 * The tenant pipeline: its tables and priority bands ({@link io.skylane.vpc.pipeline.Pipeline}),
 * and the pure compilers that turn VPCs, placed ports and security groups into the flow rules each
 * switch should hold.
 */
package io.skylane.vpc.pipeline;
