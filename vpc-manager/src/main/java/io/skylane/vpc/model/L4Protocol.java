package io.skylane.vpc.model;

/** The transport a listener accepts and a pool balances. */
public enum L4Protocol {
    TCP, UDP
}
