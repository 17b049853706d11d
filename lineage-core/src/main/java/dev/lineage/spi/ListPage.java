package dev.lineage.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in ascending key order.
 *
 * @param objects the objects on this page, sorted by key (UTF-8 byte order, which for valid keys equals
 *     {@link String#compareTo} order)
 * @param nextStartAfter where the next page starts (exclusive), or empty on the last page
 *
 * @since 0.1.0
 */
public record ListPage(List<ObjectInfo> objects, Optional<String> nextStartAfter) {
  public ListPage {
    objects = List.copyOf(objects);
  }
}
