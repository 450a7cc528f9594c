/**
 * The load balancer's data plane: its rules ({@link io.skylane.lb.dataplane.LoadBalancerCompiler}, a
 * pure function of the intent, the placed ports, the members' health and the topology), the service
 * that hands them to the flow rule service and keeps the statuses
 * ({@link io.skylane.lb.dataplane.LoadBalancerDataPlane}), and the layout they share
 * ({@link io.skylane.lb.dataplane.LbPipeline}). docs/pipeline.md ("Load balancer") describes the rules.
 */
package io.skylane.lb.dataplane;
