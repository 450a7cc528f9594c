/**
 * The intent model's formal description: the YANG modules under {@code yang/} on the classpath
 * (see docs/intent-model.md, "YANG modules").
 */
package io.skylane.vpc.model;
