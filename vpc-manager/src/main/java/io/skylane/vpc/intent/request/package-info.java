/**
 * What the intent service is asked: one record per resource and kind of request (create, update
 * with only the given fields, a listing), with typed values and no JSON. The northbound API reads
 * its JSON into these; validators in {@code io.skylane.vpc.intent} check them against the store.
 */
package io.skylane.vpc.intent.request;

