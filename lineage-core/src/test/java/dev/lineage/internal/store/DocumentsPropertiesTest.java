package dev.lineage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.CorruptObjectException;
import dev.lineage.RunStatus;
import dev.lineage.UnsupportedVersionException;
import dev.lineage.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The document codec binds a document in one pass after reading its header: every document decodes to what was
 * encoded, the same as binding its tree did, wherever its header fields stand; and damage is a typed error.
 */
class DocumentsPropertiesTest {
  private static final String RUN = "01JDBY0000AAAAAAAAAAAAAAAA";

  @Provide
  Arbitrary<RunEndDoc> ends() {
    Arbitrary<String> ids = Arbitraries.strings().withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZ").ofLength(25)
        .map(s -> "0" + s);
    Arbitrary<RunStatus> statuses = Arbitraries.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.KILLED);
    Arbitrary<String> failures = Arbitraries.strings().all().ofMaxLength(40).injectNull(0.3);
    Arbitrary<Long> batches = Arbitraries.longs().between(0, 1000).injectNull(0.3);
    return Combinators.combine(ids, statuses, Arbitraries.longs(), failures, batches).as((id, status, at, failure, n)
        -> new RunEndDoc(id, status, at, failure, n == null ? null : RUN, n,
            n == null ? null : "sha256:" + "ab".repeat(32)));
  }

  private static String keyOf(RunEndDoc doc) {
    return Keys.runEnd(dev.lineage.RunId.of(doc.runId()));
  }

  @Property(tries = 300)
  void aSealedDocumentDecodesToWhatWasEncodedAsItsTreeDid(@ForAll("ends") RunEndDoc doc) throws Exception {
    byte[] bytes = Documents.encode(Format.RUN_END, doc);
    Documents.Decoded<RunEndDoc> decoded = Documents.decode(keyOf(doc), bytes, Format.RUN_END, RunEndDoc.class);
    assertEquals(2, decoded.version());
    assertEquals(doc, decoded.doc());
    String text = new String(bytes, StandardCharsets.UTF_8);
    byte[] plain = (text.substring(0, text.lastIndexOf(",\"checksum\"")) + "}").getBytes(StandardCharsets.UTF_8);
    assertEquals(Json.mapper().treeToValue(Json.mapper().readTree(plain), RunEndDoc.class), decoded.doc());
  }

  @Property(tries = 300)
  void aVersionOneDocumentDecodesWhereverItsHeaderStandsAndWhateverItAlsoHolds(@ForAll("ends") RunEndDoc doc,
      @ForAll long seed) throws Exception {
    ObjectNode fields = Json.mapper().valueToTree(doc);
    fields.put("format", Format.RUN_END.formatName);
    fields.put("version", 1);
    fields.set("later", Json.mapper().readTree("{\"format\":\"x\",\"version\":9,\"nested\":[{\"version\":3}]}"));
    fields.set("list", Json.mapper().readTree("[\"format\",{\"format\":\"y\"}]"));
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    entries.addAll(fields.properties());
    Collections.shuffle(entries, new Random(seed));
    ObjectNode shuffled = Json.mapper().createObjectNode();
    entries.forEach(e -> shuffled.set(e.getKey(), e.getValue()));
    byte[] bytes = Json.write(shuffled);
    Documents.Decoded<RunEndDoc> decoded = Documents.decode(keyOf(doc), bytes, Format.RUN_END, RunEndDoc.class);
    assertEquals(1, decoded.version());
    assertEquals(doc, decoded.doc());
  }

  private static CorruptObjectException corrupt(String json) {
    return assertThrows(CorruptObjectException.class, () -> Documents.decode("rundata/" + RUN + "/end.json",
        json.getBytes(StandardCharsets.UTF_8), Format.RUN_END, RunEndDoc.class));
  }

  private static String end(String header) {
    return "{" + header + "\"runId\":\"" + RUN + "\",\"status\":\"SUCCEEDED\",\"endedAt\":1}";
  }

  /** Identity: a valid document read from a key other than its own is corrupt, whichever it was copied to. */
  @Property(tries = 200)
  void aValidDocumentReadFromAnotherKeyIsCorrupt(@ForAll("ends") RunEndDoc doc, @ForAll("ends") RunEndDoc other) {
    net.jqwik.api.Assume.that(!doc.runId().equals(other.runId()));
    byte[] bytes = Documents.encode(Format.RUN_END, doc);
    CorruptObjectException e = assertThrows(CorruptObjectException.class,
        () -> Documents.decode(keyOf(other), bytes, Format.RUN_END, RunEndDoc.class));
    assertEquals(keyOf(other), e.key());
    assertTrue(e.getMessage().contains(keyOf(doc)), e.getMessage());
  }

  @Test
  void aDamagedDocumentIsATypedErrorThatSaysWhat() {
    assertTrue(corrupt("[1,2]").getMessage().contains("not a JSON object"));
    assertTrue(corrupt("").getMessage().contains("not a JSON object"));
    assertTrue(corrupt("{\"format\":").getMessage().contains("not a JSON document"));
    assertTrue(corrupt(end("\"format\":\"lineage.run-start\",\"version\":1,")).getMessage()
        .contains("is a lineage.run-start document, not a lineage.run-end"));
    assertTrue(corrupt(end("\"version\":1,")).getMessage().contains("is a null document"));
    assertTrue(corrupt(end("\"format\":\"lineage.run-end\",")).getMessage().contains("has no version"));
    assertTrue(corrupt(end("\"format\":\"lineage.run-end\",\"version\":\"1\",")).getMessage()
        .contains("has no version"));
    assertTrue(corrupt(end("\"format\":\"lineage.run-end\",\"version\":2,")).getMessage()
        .contains("has no checksum"));
    assertTrue(corrupt(end("\"format\":\"lineage.run-end\",\"format\":\"lineage.run-end\",\"version\":1,"))
        .getMessage().contains("not a JSON document"));
    assertTrue(corrupt("{\"format\":\"lineage.run-end\",\"version\":1,\"runId\":\"x\",\"status\":\"SUCCEEDED\"}")
        .getMessage().contains("does not hold a valid lineage.run-end"));
    assertTrue(corrupt("{\"format\":\"lineage.run-end\",\"version\":1,\"runId\":\"" + RUN + "\",\"status\":")
        .getMessage().contains("does not hold a valid lineage.run-end"));
    assertThrows(UnsupportedVersionException.class, () -> Documents.decode("rundata/" + RUN + "/end.json",
        end("\"format\":\"lineage.run-end\",\"version\":3,").getBytes(StandardCharsets.UTF_8), Format.RUN_END,
        RunEndDoc.class));
  }
}
