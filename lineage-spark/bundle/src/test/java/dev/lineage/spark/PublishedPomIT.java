package dev.lineage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The pom published with the relocated jar names no dependency a consumer would resolve: with spark-submit's
 * packages option, Ivy would otherwise add unrelocated jars beside Spark's own (on Spark 3.5 that broke every
 * executor with a NoSuchMethodError and lost every task's points).
 */
class PublishedPomIT {
  @Test
  void theBundlesPublishedPomNamesNoRuntimeDependency() throws Exception {
    Path pom = Path.of(System.getProperty("lineage.spark.pom"));
    assertTrue(Files.isRegularFile(pom), "the shade plugin writes the pom it publishes: " + pom.toAbsolutePath());
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = doc.getElementsByTagName("dependency");
    List<String> runtime = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element d = (Element) dependencies.item(i);
      if (d.getParentNode().getParentNode() != doc.getDocumentElement()) {
        continue; // dependencyManagement or a plugin's, not the project's own
      }
      NodeList scope = d.getElementsByTagName("scope");
      String s = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent().trim();
      if (s.equals("compile") || s.equals("runtime")) {
        runtime.add(d.getElementsByTagName("groupId").item(0).getTextContent() + ":"
            + d.getElementsByTagName("artifactId").item(0).getTextContent());
      }
    }
    assertEquals(List.of(), runtime);
  }
}
