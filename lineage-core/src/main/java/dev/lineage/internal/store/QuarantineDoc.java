package dev.lineage.internal.store;

/**
 * {@code quarantine/sha256/{expected}/{actual}.json}: the claim of the one reader that moves a blob proven corrupt.
 * Put once with the commit discipline, so of any number of readers that proved the same corruption exactly one
 * moves it, even when a put's outcome was unknown.
 */
public record QuarantineDoc(String expected, String actual, long size, String mover, long at)
    implements Bound {
  public QuarantineDoc {
    Check.hex(expected, "expected");
    Check.hex(actual, "actual");
    Check.ulid(mover, "mover");
  }

  @Override
  public String storedAt() {
    return Keys.quarantineClaim(new dev.lineage.Digest(expected), new dev.lineage.Digest(actual));
  }
}
