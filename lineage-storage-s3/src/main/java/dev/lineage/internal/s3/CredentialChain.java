package dev.lineage.internal.s3;

import dev.lineage.InvalidInputException;
import dev.lineage.storage.s3.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The usual AWS configuration, in the usual order: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * (+ {@code AWS_SESSION_TOKEN}), then the {@code AWS_PROFILE} (default {@code default}) of
 * {@code ~/.aws/credentials}, whose region comes from {@code AWS_REGION}, {@code AWS_DEFAULT_REGION} or the
 * profile in {@code ~/.aws/config}. The environment and the home directory are parameters, so tests need not
 * touch the real ones.
 */
public final class CredentialChain {
  private final Map<String, String> env;
  private final Path home;

  public CredentialChain(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  public Credentials credentials() {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key != null && secret != null && !key.isBlank() && !secret.isBlank()) {
      return new Credentials(key, secret, Optional.ofNullable(env.get("AWS_SESSION_TOKEN")).filter(t -> !t.isBlank()));
    }
    String profile = profile();
    Map<String, String> section = ini(credentialsFile()).get(profile);
    if (section == null || section.get("aws_access_key_id") == null || section.get("aws_secret_access_key") == null) {
      throw new InvalidInputException("credentials", "none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
          + "or profile '" + profile + "' in " + credentialsFile() + ", or pass them to the builder");
    }
    return new Credentials(section.get("aws_access_key_id"), section.get("aws_secret_access_key"),
        Optional.ofNullable(section.get("aws_session_token")));
  }

  /** The region from the environment or the profile, if any. */
  public Optional<String> region() {
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        return Optional.of(v.trim());
      }
    }
    String profile = profile();
    Map<String, Map<String, String>> config = ini(configFile());
    Map<String, String> section = config.get(profile.equals("default") ? "default" : "profile " + profile);
    return Optional.ofNullable(section).map(s -> s.get("region"));
  }

  private String profile() {
    String p = env.get("AWS_PROFILE");
    return p == null || p.isBlank() ? "default" : p.trim();
  }

  private Path credentialsFile() {
    String f = env.get("AWS_SHARED_CREDENTIALS_FILE");
    return f != null ? Path.of(f) : home.resolve(".aws/credentials");
  }

  private Path configFile() {
    String f = env.get("AWS_CONFIG_FILE");
    return f != null ? Path.of(f) : home.resolve(".aws/config");
  }

  /** A minimal INI reader: [section] headers, key = value lines, # and ; comments. */
  static Map<String, Map<String, String>> ini(Path file) {
    Map<String, Map<String, String>> sections = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return sections;
    }
    try {
      Map<String, String> current = null;
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String line = raw.trim();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          current = sections.computeIfAbsent(line.substring(1, line.length() - 1).trim(), k -> new HashMap<>());
        } else if (current != null && line.contains("=")) {
          int eq = line.indexOf('=');
          current.put(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException("credentials", "cannot read " + file + ": " + e.getMessage());
    }
    return sections;
  }
}
