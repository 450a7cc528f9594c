/** The device subsystem: switches and ports as the southbound reports them. */
package io.skylane.core.device;
