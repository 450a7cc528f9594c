package io.skylane.core.southbound;

/** The OpenFlow listener as the rest of the controller sees it. */
public interface SouthboundService {

    SouthboundStatus status();
}
