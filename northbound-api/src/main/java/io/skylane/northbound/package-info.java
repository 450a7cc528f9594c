/**
 * The northbound REST API (JSON under {@code /v1}), its error model and JSON views of core types.
 * Flow rules go both ways with one field table ({@code FlowFields}): rendered
 * by {@code FlowJson}, read back by {@code FlowRuleParser} for the static flow API, whose bulk bodies
 * {@code FlowRequestReader} streams (no tree of the whole body).
 */
package io.skylane.northbound;
