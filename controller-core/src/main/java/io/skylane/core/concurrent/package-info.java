/**
 * Threads and time for the managers and apps: the coalescing scheduler that runs a recompute on
 * an executor one run at a time, folding the changes that arrive meanwhile; named daemon threads;
 * and Guava's ticker over an injected clock, so caches that expire entries follow the tests' clock.
 */
package io.skylane.core.concurrent;
