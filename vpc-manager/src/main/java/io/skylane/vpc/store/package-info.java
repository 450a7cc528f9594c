/**
 * Where intents live: the {@link io.skylane.vpc.store.IntentStore} interface (atomic batches of
 * changes, listeners in commit order) and its embedded, journaled implementation.
 */
package io.skylane.vpc.store;
