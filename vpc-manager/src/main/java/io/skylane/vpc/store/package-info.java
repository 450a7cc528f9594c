/**
 * Where intents live: the {@link io.skylane.vpc.store.IntentStore} interface (atomic batches of
 * changes, listeners in commit order, readers of durable state only) and its embedded, journaled
 * implementation, whose writers share journal syncs (group commit).
 */
package io.skylane.vpc.store;
