/**
 * The topology manager: builds immutable topology snapshots from the devices and the discovered
 * links, publishes them atomically and posts what changed.
 */
package io.skylane.topology.impl;
