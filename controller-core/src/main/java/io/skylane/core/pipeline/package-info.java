/**
 * The OpenFlow pipeline's layout, declared once: the tables with their names and owners, the
 * application ids (the top 16 bits of every rule's cookie) and each app's priority band per table
 * ({@link io.skylane.core.pipeline.SkylanePipeline}), and the registry that checks, at controller
 * start, that no two apps share an id and no two apps' bands overlap in one table
 * ({@link io.skylane.core.pipeline.PipelineRegistry}). docs/pipeline.md mirrors it.
 */
package io.skylane.core.pipeline;
