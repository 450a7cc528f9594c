/**
 * Flow rules, matches, actions, instructions, groups and meters in core terms, and the flow rule
 * service that keeps switches in the desired state.
 */
package io.skylane.core.flow;
