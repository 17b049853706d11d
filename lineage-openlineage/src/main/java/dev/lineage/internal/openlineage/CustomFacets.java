package dev.lineage.internal.openlineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;

/**
 * Lineage's own facets, each naming its JSON schema once: the client's generic facets always name the base facet's
 * schema, and a second {@code _schemaURL} put beside it wrote the key twice into the event (a parser keeping the
 * first read the generic schema).
 */
public final class CustomFacets {
  private CustomFacets() {}

  /** An empty run facet that says {@code schema} is its schema; its fields go into its additional properties. */
  public static OpenLineage.RunFacet run(URI producer, URI schema) {
    return new OpenLineage.DefaultRunFacet(producer) {
      @Override
      public URI get_schemaURL() {
        return schema;
      }
    };
  }

  /** An empty dataset facet that says {@code schema} is its schema. */
  public static OpenLineage.DatasetFacet dataset(URI producer, URI schema) {
    return new OpenLineage.DefaultDatasetFacet(producer, null) {
      @Override
      public URI get_schemaURL() {
        return schema;
      }
    };
  }
}
