/**
 * Lineage's runs as OpenLineage run events (docs/openlineage.md), built with the official client's model and sent
 * through its transports: {@link dev.lineage.openlineage.OpenLineageExport} for a store's runs,
 * {@link dev.lineage.openlineage.OpenLineageEvents} for one run's events. Datasets follow OpenLineage's naming
 * conventions, and the custom facets have JSON schemas. Experimental (docs/compatibility.md).
 */
package dev.lineage.openlineage;
