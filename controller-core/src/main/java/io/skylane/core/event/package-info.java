/** Events, listeners and the single dispatcher thread that delivers them. */
package io.skylane.core.event;
