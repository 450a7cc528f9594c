/** The northbound REST API (JSON under {@code /v1}), its error model and JSON views of core types. */
package io.skylane.northbound;
