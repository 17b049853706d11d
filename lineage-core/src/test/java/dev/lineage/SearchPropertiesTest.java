package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.query.Comparison;
import dev.lineage.query.RunQuery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The one query path answers from the index's columns exactly as the conditions read on records would: for
 * generated stores (all runs in the tail, all in the index, or some in each) and generated queries (every kind of
 * condition, every comparison operator on LONG, DOUBLE, STRING and BOOLEAN params and on metrics, with numeric and
 * text literals), {@code lineage.runs(q)} equals filtering and sorting every run's own record by the query's own
 * {@code matches} and order.
 */
class SearchPropertiesTest {
  private Path tmp;

  @BeforeProperty
  void dir() throws Exception {
    tmp = Files.createTempDirectory("search-properties");
  }

  @AfterProperty
  void clean() throws Exception {
    try (var files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * One generated run: name, lr (and epochs, ten times it), optimizer, final accuracy (or none), a tag (or none),
   * and how it ends (succeeded, failed, killed, or succeeded with a recorded loss: INCOMPLETE).
   */
  record Spec(int name, int lr, boolean adam, int accuracy, int tag, int ending) {}

  @Provide
  Arbitrary<List<Spec>> stores() {
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 4),
        Arbitraries.of(true, false), Arbitraries.integers().between(-1, 9), Arbitraries.integers().between(-1, 2),
        Arbitraries.integers().between(0, 3)).as(Spec::new).list().ofMinSize(1).ofMaxSize(25);
  }

  /** Literals as users type them: numbers in several spellings, and text. */
  private static final List<String> LITERALS = List.of("0", "0.002", "0.0020", "2e-3", ".004", "10", "20.0", "40",
      "-1", "adam", "sgd", "true", "false", "0.5", "5e-1", "1");

  @Provide
  Arbitrary<Comparison> paramComparisons() {
    return Combinators.combine(Arbitraries.of("lr", "epochs", "optimizer", "shuffle", "absent"),
        Arbitraries.of(Comparison.Operator.values()), Arbitraries.of(LITERALS)).as((key, op, literal) ->
        op.ordering() && !literal.matches("[-.0-9e]+") ? Comparison.of(key, op, "0.002") : Comparison.of(key, op,
            literal));
  }

  @Provide
  Arbitrary<Comparison> metricComparisons() {
    return Combinators.combine(Arbitraries.of("accuracy", "absent"), Arbitraries.of(Comparison.Operator.values()),
        Arbitraries.of("0", "0.5", "5e-1", ".3", "0.30", "1", "-1")).as(Comparison::of);
  }

  @Provide
  Arbitrary<RunQuery> queries() {
    Arbitrary<RunQuery> one = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 3).map(n -> RunQuery.all().name("run-" + n)),
        Arbitraries.integers().between(0, 4).map(n -> RunQuery.all().param("lr", v -> v.asDouble() <= 0.001 * n)),
        paramComparisons().map(c -> RunQuery.all().param(c)),
        metricComparisons().map(c -> RunQuery.all().finalMetric(c)),
        Combinators.combine(metricComparisons(), Arbitraries.of(true, false)).as((c, low) -> RunQuery.all()
            .bestMetric(c, low)),
        Arbitraries.of(true, false).map(a -> RunQuery.all().param("optimizer", v -> v.asString().equals(a ? "adam" : "sgd"))),
        Arbitraries.integers().between(0, 9).map(n -> RunQuery.all().finalMetric("accuracy", v -> v > n / 10.0)),
        Arbitraries.integers().between(0, 9).map(n -> RunQuery.all().bestMetric("accuracy", false, v -> v >= n / 10.0)),
        Arbitraries.integers().between(0, 2).map(n -> RunQuery.all().tag("fold", Integer.toString(n))),
        Arbitraries.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.KILLED, RunStatus.INCOMPLETE)
            .map(s -> RunQuery.all().status(s)),
        Arbitraries.of(System.getProperty("user.name"), "nobody").map(u -> RunQuery.all().user(u)),
        Arbitraries.integers().between(0, 2).map(n -> RunQuery.all().startedBetween(
            n == 2 ? Instant.now().plusSeconds(3600) : Instant.EPOCH, n == 0 ? Instant.EPOCH : Instant.MAX)),
        Arbitraries.of(RunQuery.all().step("prepare"), RunQuery.all().cacheHit(true), RunQuery.all().cacheHit(false),
            RunQuery.all().gpuWasted(), RunQuery.all().dataBound()),
        Arbitraries.just(RunQuery.all()));
    return Combinators.combine(one, one, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 30))
        .as((a, b, order, limit) -> {
          RunQuery q = RunQuery.all();
          for (RunQuery part : List.of(a, b)) {
            for (RunQuery.Condition c : part.conditions()) {
              q = with(q, c);
            }
          }
          q = order == 1 ? q.orderByFinalMetric("accuracy", true) : order == 2
              ? q.orderByFinalMetric("accuracy", false) : order == 3 ? q.orderByGpuHoursIdle() : q;
          return q.limit(limit);
        });
  }

  private static RunQuery with(RunQuery q, RunQuery.Condition c) {
    if (c instanceof RunQuery.Name n) {
      return q.name(n.name());
    } else if (c instanceof RunQuery.Param p) {
      return q.param(p.comparison());
    } else if (c instanceof RunQuery.ParamMatches p) {
      return q.param(p.key(), p.valueTest());
    } else if (c instanceof RunQuery.FinalMetric m) {
      return q.finalMetric(m.comparison());
    } else if (c instanceof RunQuery.FinalMetricMatches m) {
      return q.finalMetric(m.key(), m.valueTest());
    } else if (c instanceof RunQuery.BestMetric m) {
      return q.bestMetric(m.comparison(), m.lowerIsBetter());
    } else if (c instanceof RunQuery.BestMetricMatches m) {
      return q.bestMetric(m.key(), m.lowerIsBetter(), m.valueTest());
    } else if (c instanceof RunQuery.Tag t) {
      return q.tag(t.key(), t.value());
    } else if (c instanceof RunQuery.Status s) {
      return q.status(s.status());
    } else if (c instanceof RunQuery.User u) {
      return q.user(u.user());
    } else if (c instanceof RunQuery.StartedBetween b) {
      return q.startedBetween(b.from(), b.to());
    } else if (c instanceof RunQuery.Step st) {
      return q.step(st.step());
    } else if (c instanceof RunQuery.CacheHit h) {
      return q.cacheHit(h.hit());
    } else if (c instanceof RunQuery.GpuWasted) {
      return q.gpuWasted();
    } else if (c instanceof RunQuery.DataBound) {
      return q.dataBound();
    }
    throw new AssertionError(c);
  }

  @Property(tries = 60)
  void theIndexedAnswerIsTheRecordsAnswer(@ForAll("stores") List<Spec> store, @ForAll("queries") RunQuery q,
      @ForAll @IntRange(min = 0, max = 2) int indexed) throws Exception {
    try (Lineage lineage = Lineage.builder().backend(new InMemoryBackend(URI.create("mem:/search")))
        .tempDir(tmp).cacheDir(tmp.resolve("cache")).systemMetrics(false).autoIndex(0).build()) {
      // None in the index, the first half, or all of them: the tail alone, both, the index alone.
      int publishAfter = indexed == 0 ? -1 : indexed == 1 ? store.size() / 2 : store.size() - 1;
      List<RunId> ids = new ArrayList<>();
      for (int i = 0; i < store.size(); i++) {
        Spec s = store.get(i);
        try (Run run = lineage.newRun("run-" + s.name())) {
          ids.add(run.id());
          run.logParam("lr", 0.001 * s.lr()).logParam("epochs", 10L * s.lr()).logParam("shuffle", s.lr() % 2 == 0)
              .logParam("optimizer", s.adam() ? "adam" : "sgd");
          if (s.accuracy() >= 0) {
            run.logMetric("accuracy", s.accuracy() / 10.0, 0);
          }
          if (s.tag() >= 0) {
            run.setTag("fold", Integer.toString(s.tag()));
          }
          if (s.ending() == 0 || s.ending() == 3) {
            run.succeed();
          } else if (s.ending() == 2) {
            run.kill();
          }
          if (s.ending() == 3) {
            run.markIncomplete("a writer lost points");
          }
        }
        if (i == publishAfter) {
          lineage.publishIndex();
        }
      }
      // First with no snapshot decoded yet (the columns the query reads alone), then with the whole one loaded;
      // the expected answer reads every run from its own objects.
      List<RunRecord> fromColumns = lineage.runs(q);
      List<RunRecord> all = ids.stream().map(lineage::runRecord).toList();
      List<RunRecord> expected = all.stream().filter(q::matches).sorted(q.order().comparator()).limit(q.limit())
          .toList();
      assertEquals(expected, fromColumns, "from the columns the query reads: " + q);
      lineage.graph();
      assertEquals(expected, lineage.runs(q), "from the whole snapshot: " + q);
    }
  }

  /**
   * A listing of the newest runs with no condition is answered from the runs' own objects, without decoding the
   * snapshot (the manifest names its newest 256 runs); it equals the index's answer, whether the store has no
   * snapshot, one with more runs than the manifest names, a run left open across it, or runs after it.
   */
  @Property(tries = 8)
  void theNewestListingEqualsTheIndexsAnswer(@ForAll @IntRange(min = 0, max = 300) int before,
      @ForAll @IntRange(min = 0, max = 12) int after, @ForAll boolean publish, @ForAll boolean leaveOneOpen,
      @ForAll @IntRange(min = 1, max = 100) int limit) throws Exception {
    try (Lineage lineage = Lineage.builder().backend(new InMemoryBackend(URI.create("mem:/newest")))
        .tempDir(tmp).cacheDir(tmp.resolve("cache")).systemMetrics(false).autoIndex(0).build()) {
      Run open = leaveOneOpen ? lineage.newRun("long-running") : null;
      for (int i = 0; i < before + after; i++) {
        if (i == before && publish) {
          lineage.publishIndex();
        }
        int n = i;
        lineage.run("run-" + (i % 3), r -> r.logParam("i", n));
      }
      RunQuery q = RunQuery.all().limit(limit);
      assertEquals(lineage.graph().search(q), lineage.runs(q));
      if (open != null) {
        open.succeed();
        open.close();
        assertEquals(lineage.graph().search(q), lineage.runs(q));
      }
    }
  }

  /**
   * Start-time bounds at the ends of time ({@code Instant.MAX} overflowed a long of milliseconds) and between two
   * milliseconds read the same from the snapshot's columns, from the whole snapshot and from the records.
   */
  @Example
  void startTimeBoundsAtTheEndsOfTimeAndBetweenMilliseconds() throws Exception {
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/bounds"));
    List<RunRecord> all;
    // A clock a millisecond further on at each reading: every run starts in a millisecond of its own.
    ManualClock ticking = ManualClock.ticking(java.time.Duration.ofMillis(1));
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .systemMetrics(false).autoIndex(0).clock(ticking).build()) {
      for (int i = 0; i < 3; i++) {
        int n = i;
        lineage.run("run", r -> r.logParam("i", n));
      }
      lineage.publishIndex();
      all = lineage.graph().search(RunQuery.all());
    }
    Instant oldest = all.get(all.size() - 1).startedAt();
    Instant halfAfter = oldest.plusNanos(500_000);
    for (RunQuery q : List.of(RunQuery.all().startedBetween(Instant.MIN, Instant.MAX),
        RunQuery.all().startedBetween(halfAfter, Instant.MAX), RunQuery.all().startedBetween(Instant.MIN, halfAfter),
        RunQuery.all().startedBetween(oldest, oldest.plusMillis(1)))) {
      List<RunRecord> expected = all.stream().filter(q::matches).toList();
      try (Lineage lineage = open(backend)) {
        assertEquals(expected, lineage.runs(q), "from the columns the query reads: " + q);
        assertEquals(expected, lineage.graph().search(q), "from the whole snapshot: " + q);
      }
    }
    assertEquals(2, all.stream().filter(RunQuery.all().startedBetween(halfAfter, Instant.MAX)::matches).count());
  }

  private Lineage open(InMemoryBackend backend) {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).systemMetrics(false)
        .autoIndex(0).build();
  }
}
