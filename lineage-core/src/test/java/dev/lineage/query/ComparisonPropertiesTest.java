package dev.lineage.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A comparison means one thing for numbers and one for text, and prints as it is typed. */
class ComparisonPropertiesTest {
  @Provide
  Arbitrary<String> numbers() {
    return Arbitraries.oneOf(Arbitraries.longs().between(-1_000_000, 1_000_000).map(n -> Long.toString(n)),
        Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("1000")).ofScale(4)
            .map(BigDecimal::toPlainString),
        Arbitraries.of("1e-3", "2E+2", ".5", "5.", "+7", "-0", "0.0"));
  }

  @Provide
  Arbitrary<Comparison> comparisons() {
    Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> literals = Arbitraries.oneOf(numbers(), Arbitraries.strings().alpha().ofMinLength(1)
        .ofMaxLength(6));
    return Combinators.combine(keys, Arbitraries.of(Comparison.Operator.values()), literals).as((k, op, lit) ->
        op.ordering() && Comparison.of(k, Comparison.Operator.EQ, lit).number().isEmpty()
            ? Comparison.of(k, Comparison.Operator.EQ, lit)
            : Comparison.of(k, op, lit));
  }

  @Property
  void printsAsTypedAndReadsBackTheSame(@ForAll("comparisons") Comparison c) {
    assertEquals(c, Comparison.parse(c.toString()));
    assertEquals(c.key() + c.operator().symbol() + c.literal(), c.toString());
  }

  @Property
  void notEqualHoldsExactlyWhereEqualDoesNot(@ForAll("comparisons") Comparison c, @ForAll long l, @ForAll double d,
      @ForAll("numbers") String text) {
    Comparison eq = Comparison.of(c.key(), Comparison.Operator.EQ, c.literal());
    Comparison ne = Comparison.of(c.key(), Comparison.Operator.NE, c.literal());
    for (ParamValue v : new ParamValue[] {ParamValue.of(l), ParamValue.of(d), ParamValue.of(text),
        ParamValue.of(l % 2 == 0)}) {
      assertEquals(!eq.test(v), ne.test(v), v.toString());
    }
    assertEquals(!eq.test(d), ne.test(d));
  }

  /** The oracle: a LONG param against a number is the exact decimal comparison. */
  @Property
  void aLongParamComparesExactly(@ForAll long value, @ForAll("numbers") String literal,
      @ForAll Comparison.Operator op) {
    int exact = new BigDecimal(value).compareTo(new BigDecimal(literal));
    boolean expected = switch (op) {
      case EQ -> exact == 0;
      case NE -> exact != 0;
      case LT -> exact < 0;
      case LE -> exact <= 0;
      case GT -> exact > 0;
      case GE -> exact >= 0;
    };
    assertEquals(expected, Comparison.of("k", op, literal).test(ParamValue.of(value)));
  }

  /** The oracle: a double against a number is the comparison of the two doubles. */
  @Property
  void aDoubleComparesAsADouble(@ForAll double value, @ForAll("numbers") String literal,
      @ForAll Comparison.Operator op) {
    double l = Double.parseDouble(literal);
    boolean expected = !Double.isNaN(value) && switch (op) {
      case EQ -> value == l;
      case NE -> value != l;
      case LT -> value < l;
      case LE -> value <= l;
      case GT -> value > l;
      case GE -> value >= l;
    } || Double.isNaN(value) && op == Comparison.Operator.NE;
    Comparison c = Comparison.of("k", op, literal);
    assertEquals(expected, c.test(value));
    assertEquals(expected, c.test(ParamValue.of(value)));
  }

  @Example
  void theDocumentedMeanings() {
    assertTrue(Comparison.parse("lr=0.010").test(ParamValue.of(0.01)), "numbers as numbers");
    assertTrue(Comparison.parse("epochs=10.0").test(ParamValue.of(10L)));
    assertTrue(Comparison.parse("epochs >= 10").test(ParamValue.of(10L)), "spaces around the operator");
    assertTrue(Comparison.parse("lr==0.01").test(ParamValue.of(0.01)), "== reads as =");
    assertTrue(Comparison.parse("optimizer=adam").test(ParamValue.of("adam")));
    assertFalse(Comparison.parse("optimizer=Adam").test(ParamValue.of("adam")), "text is exact");
    assertTrue(Comparison.parse("code=007").test(ParamValue.of("007")), "a STRING param compares as text");
    assertFalse(Comparison.parse("code=7").test(ParamValue.of("007")));
    assertFalse(Comparison.parse("size>5").test(ParamValue.of("10")), "an ordering never holds for text");
    assertFalse(Comparison.parse("lr=high").test(ParamValue.of(0.01)), "a number never equals text");
    assertTrue(Comparison.parse("lr!=high").test(ParamValue.of(0.01)));
    assertTrue(Comparison.parse("shuffle=true").test(ParamValue.of(true)));
    assertFalse(Comparison.parse("loss<1").test(Double.NaN), "NaN is in no order");
    assertFalse(Comparison.parse("loss=NaN").test(Double.NaN), "NaN equals nothing");
    assertTrue(Comparison.parse("loss>1e300").test(Double.POSITIVE_INFINITY));
  }

  @Example
  void badShapesAreRefusedNamingTheRule() {
    for (String bad : new String[] {"lr", "lr=", "=1", "lr>>1", "lr<high", "lr>", " "}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> Comparison.parse(bad), bad);
      assertTrue(e.field().startsWith("comparison"), e.getMessage());
    }
    InvalidInputException text = assertThrows(InvalidInputException.class,
        () -> RunQuery.all().finalMetric("auc=high"));
    assertEquals("metric comparison", text.field());
  }

  @Example
  void aQueryPrintsAsTheCommandLineTakesIt() {
    RunQuery q = RunQuery.all().name("train").param("lr<0.1").finalMetric("auc>0.8").bestMetric("loss<=0.2", true)
        .tag("team", "ml vision").status(RunStatus.INCOMPLETE).step("featurize").cacheHit(false).dataBound()
        .orderByFinalMetric("auc", true).limit(5);
    assertEquals("--name train --param 'lr<0.1' --metric 'auc>0.8' --min 'loss<=0.2' --tag 'team=ml vision' "
        + "--status INCOMPLETE --step featurize --computed --data-bound --sort -auc --limit 5", q.toString());
    assertEquals(q, RunQuery.all().name("train").param("lr<0.1").finalMetric("auc>0.8").bestMetric("loss<=0.2", true)
        .tag("team", "ml vision").status(RunStatus.INCOMPLETE).step("featurize").cacheHit(false).dataBound()
        .orderByFinalMetric("auc", true).limit(5), "queries as data compare equal");
    assertEquals("--since 1970-01-01T00:00:00Z --until 2000-01-01T00:00:00Z",
        RunQuery.all().startedBetween(Instant.EPOCH, Instant.parse("2000-01-01T00:00:00Z")).toString());
  }
}
