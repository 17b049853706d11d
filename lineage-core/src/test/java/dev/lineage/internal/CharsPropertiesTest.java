package dev.lineage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written checks answer exactly as the regular expressions they replace. */
class CharsPropertiesTest {
  @Provide
  Arbitrary<String> nearHex() {
    return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
        Arbitraries.strings().withChars("0123456789abcdefA").ofLength(64),
        Arbitraries.strings().withChars("0123456789").ofLength(10),
        Arbitraries.strings().withChars("0123456789x").ofLength(10),
        Arbitraries.strings().withChars("0123456789abcdefABCDEFgz/ ").ofMinLength(0).ofMaxLength(70));
  }

  @Property(tries = 2000)
  void isLowerHexIsTheRegex(@ForAll("nearHex") String s) {
    assertEquals(s.matches("[0-9a-f]{64}"), Chars.isLowerHex(s, 64));
    assertEquals(s.matches("[0-9]{10}"), Chars.isDigits(s, 10));
  }
}
