package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The report as one HTML file: the page, its stylesheet and script, uPlot and dagre, and the data, all inline, so
 * it opens offline and sends nothing anywhere. The libraries are read from the jar, where the build put them
 * (uPlot from its webjar, dagre from the npm registry, checked against its published digest).
 */
final class ReportPage {
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private ReportPage() {}

  static String html(ObjectNode data) {
    String json;
    try {
      json = COMPACT.writeValueAsString(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Inside <script>, "</" would end the element and U+2028/2029 end a JavaScript line: escape all three.
    json = json.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    return resource("dev/lineage/report/report.html")
        .replace("/*UPLOT_CSS*/", resource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css"))
        .replace("/*CSS*/", resource("dev/lineage/report/report.css"))
        .replace("/*UPLOT*/", resource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"))
        .replace("/*DAGRE*/", resource("dev/lineage/report/vendor/dagre.min.js"))
        .replace("/*APP*/", resource("dev/lineage/report/report.js"))
        .replace("/*DATA*/", json);
  }

  private static String resource(String path) {
    try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the report's " + path + " is not in the jar: a broken build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
