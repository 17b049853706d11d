package dev.lineage.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version the jar's manifest carries, else the one Maven wrote into the jar's {@code pom.properties}, else
 * "development" (run from classes).
 */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"lineage " + version() + " (Java " + Runtime.version() + ")"};
  }

  static String version() {
    String v = Version.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/dev.lineage/lineage-cli/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "development");
      }
    } catch (IOException e) {
      // no version to tell: the development build says so
    }
    return "development";
  }
}
