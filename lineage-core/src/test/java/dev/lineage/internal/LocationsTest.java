package dev.lineage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's location, built from its path's text, is the URI {@code Path.toUri()} gives, less a directory's slash. */
class LocationsTest {
  @TempDir Path dir;

  @Test
  void aPathsLocationIsItsToUriWithoutTheDirectorysSlashForAwkwardNames() throws Exception {
    for (String name : List.of("plain.csv", "my data", "é café.txt", "a#b", "a%b", "a[1]", "a;b", "a?b", "a&b=c",
        "日本", "a+b", "a'b", "a`b", "a{b}", "a|b", "a\\b", "~x", "a:b", "@x")) {
      for (boolean directory : List.of(false, true)) {
        Path p = dir.resolve((directory ? "d-" : "f-") + name);
        if (directory) {
          Files.createDirectories(p);
        } else {
          Files.writeString(p, "x");
        }
        String viaToUri = p.toUri().toString();
        URI expected = URI.create(viaToUri.endsWith("/") ? viaToUri.substring(0, viaToUri.length() - 1) : viaToUri);
        assertEquals(expected, Locations.of(p), name);
        assertEquals(expected.toString(), Locations.of(p).toString(), name);
      }
    }
    assertEquals(URI.create(dir.toUri().toString().replaceAll("/$", "") + "/x"),
        Locations.of(dir.resolve("sub/../x")), "normalised");
  }
}
