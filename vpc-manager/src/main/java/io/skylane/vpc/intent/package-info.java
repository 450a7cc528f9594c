/**
 * The northbound intent: {@link io.skylane.vpc.intent.IntentService} authenticates, hands each
 * typed request to its resource type's validator, allocates, scopes by tenant and commits whole
 * requests to the intent store; {@link io.skylane.vpc.intent.IntentException} is every refusal,
 * naming the field to blame.
 */
package io.skylane.vpc.intent;
