package dev.lineage.internal.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DirectoryManifestTest {
  private static final Digest D = Sha256.of(new byte[0]);

  @Provide
  Arbitrary<List<DirectoryManifest.Entry>> trees() {
    Arbitrary<String> segment = Arbitraries.strings().ofMinLength(1).ofMaxLength(6)
        .withChars('a', 'b', ' ', '\n', ':', '.', 'é', '1')
        .filter(s -> !s.equals(".") && !s.equals(".."));
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l))
        .filter(p -> !p.matches("(?s)[A-Za-z]:.*")); // drive letters are rejected, as tested below
    Arbitrary<DirectoryManifest.Entry> entry = Combinators.combine(path, Arbitraries.longs().between(0, 1000),
        Arbitraries.integers().between(0, 3))
        .as((p, size, d) -> new DirectoryManifest.Entry(p, size, Sha256.of(new byte[] {(byte) (int) d})));
    return entry.list().ofMaxSize(5).uniqueElements(DirectoryManifest.Entry::path);
  }

  @Property(tries = 500)
  void encodingRoundTripsAndDependsOnlyOnTheTree(@ForAll("trees") List<DirectoryManifest.Entry> entries) {
    DirectoryManifest manifest = new DirectoryManifest(entries);
    byte[] bytes = manifest.encode();
    assertEquals(manifest, DirectoryManifest.decode(bytes));
    List<DirectoryManifest.Entry> reversed = new ArrayList<>(entries);
    java.util.Collections.reverse(reversed);
    assertArrayEquals(bytes, new DirectoryManifest(reversed).encode(), "order of discovery does not matter");
  }

  @Property(tries = 500)
  void differentTreesNeverEncodeAlike(@ForAll("trees") List<DirectoryManifest.Entry> a,
      @ForAll("trees") List<DirectoryManifest.Entry> b) {
    boolean sameTree = new HashSet<>(a).equals(new HashSet<>(b));
    boolean sameBytes = Arrays.equals(new DirectoryManifest(a).encode(), new DirectoryManifest(b).encode());
    assertEquals(sameTree, sameBytes);
  }

  @Test
  void delimiterLookalikesInNamesDoNotCollide() {
    // Without a length prefix, "a 1 <hex>\n" inside a name could forge a second entry.
    String forged = "a 0 " + D.hex() + "\n1:b";
    DirectoryManifest one = new DirectoryManifest(List.of(new DirectoryManifest.Entry(forged, 0, D)));
    DirectoryManifest two = new DirectoryManifest(List.of(new DirectoryManifest.Entry("a", 0, D),
        new DirectoryManifest.Entry("b", 0, D)));
    assertFalse(Arrays.equals(one.encode(), two.encode()));
    assertEquals(one, DirectoryManifest.decode(one.encode()));
  }

  @Test
  void pathsThatCouldEscapeAreRejected() {
    for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/.", "", "c:\\x", "a\\..\\b",
        "C:/x", "nul\0byte")) {
      assertThrows(InvalidInputException.class, () -> new DirectoryManifest.Entry(bad, 0, D), bad);
      byte[] raw = (DirectoryManifest.HEADER + "\n" + bad.getBytes(StandardCharsets.UTF_8).length + ":" + bad
          + " 0 " + D.hex() + "\n").getBytes(StandardCharsets.UTF_8);
      assertThrows(InvalidInputException.class, () -> DirectoryManifest.decode(raw), bad);
    }
  }

  @Test
  void nonCanonicalEncodingsAreRejected() {
    String good = DirectoryManifest.HEADER + "\n1:a 0 " + D.hex() + "\n1:b 0 " + D.hex() + "\n";
    assertEquals(2, DirectoryManifest.decode(good.getBytes(StandardCharsets.UTF_8)).entries().size());
    for (String bad : Set.of(
        DirectoryManifest.HEADER + "\n1:b 0 " + D.hex() + "\n1:a 0 " + D.hex() + "\n", // unsorted
        DirectoryManifest.HEADER + "\n1:a 00 " + D.hex() + "\n", // leading zero
        DirectoryManifest.HEADER + "\n1:a 0 " + D.hex() + "\n1:a 0 " + D.hex() + "\n", // duplicate
        DirectoryManifest.HEADER + "\n2:a 0 " + D.hex() + "\n", // wrong length
        "lineage-manifest/2\n")) {
      assertThrows(InvalidInputException.class, () -> DirectoryManifest.decode(bad.getBytes(StandardCharsets.UTF_8)),
          bad);
    }
  }
}
