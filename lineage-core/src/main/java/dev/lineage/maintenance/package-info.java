/**
 * Store maintenance: {@link dev.lineage.maintenance.Maintenance#verify verify} reads and checks every object;
 * {@link dev.lineage.maintenance.Maintenance#gc gc} deletes what nothing references, safely beside live writers.
 * Nothing else in Lineage deletes stored data.
 */
package dev.lineage.maintenance;
