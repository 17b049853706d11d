package dev.lineage.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Command;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The command as the JVM's launcher reads it (options, then what to run, then the program's arguments), and the
 * rule that no secret's value survives: every way a secret can be passed, with any value, is replaced, and
 * arguments that are not secrets are kept as they were.
 */
class CommandCaptureTest {
  @Example
  void aMainClassWithOptionsAndArguments() {
    Command c = CommandCapture.parse(List.of("-Xmx4g", "-cp", "a.jar:b.jar", "--add-opens", "java.base/java.lang=ALL",
        "-Dseed=7", "com.acme.Train", "--epochs", "3", "-cp", "not-the-jvm's"), "/work");
    assertEquals(List.of("-Xmx4g", "-cp", Command.CLASSPATH, "--add-opens", "java.base/java.lang=ALL", "-Dseed=7"),
        c.jvmArguments());
    assertEquals(List.of("com.acme.Train"), c.program());
    assertEquals(List.of("--epochs", "3", "-cp", "not-the-jvm's"), c.arguments(), "the program's own are its own");
    assertEquals("/work", c.workingDirectory());
    assertEquals(List.of("-Xmx4g", "-cp", Command.CLASSPATH, "--add-opens", "java.base/java.lang=ALL", "-Dseed=7",
        "com.acme.Train", "--epochs", "3", "-cp", "not-the-jvm's"), c.commandLine());
    assertEquals("java -Xmx4g -cp '<classpath>' --add-opens java.base/java.lang=ALL -Dseed=7 com.acme.Train "
        + "--epochs 3 -cp 'not-the-jvm'\\''s'", c.shellLine(), "a line a shell takes back");
  }

  @Example
  void aJarAModuleAndTheClassPathWithAnEqualsSign() {
    assertEquals(List.of("-jar", "app.jar"), CommandCapture.parse(List.of("-jar", "app.jar", "x"), "/").program());
    Command module = CommandCapture.parse(List.of("--class-path=a.jar", "--module=acme/com.acme.Train", "x"), "/");
    assertEquals(List.of("--class-path=" + Command.CLASSPATH), module.jvmArguments());
    assertEquals(List.of("-m", "acme/com.acme.Train"), module.program());
    assertEquals(List.of("x"), module.arguments());
    assertEquals(List.of("-m", "acme/x"), CommandCapture.parse(List.of("--module", "acme/x"), "/").program());
  }

  @Example
  void everyWayOfPassingASecretIsRedacted() {
    String r = Command.REDACTED;
    assertEquals(List.of("--password", r, r, r, r, "--conf", r, r, "--token", "--epochs", "3",
        "s3://id:" + r + "@bucket/x", "https://host/path?x=1", "spark.executor.memory=2g"),
        CommandCapture.redact(List.of("--password", "hunter2", "--api-key=k-1", "aws_secret_access_key=s-2",
            "-Dspark.hadoop.fs.s3a.secret.key=s-3", "--conf", "spark.db.password=p-4", "--conf=spark.lineage.s3.secret=s-5",
            "--token", "--epochs", "3", "s3://id:pw@bucket/x", "https://host/path?x=1", "spark.executor.memory=2g")),
        "a name that looks secret is left out with its value, as the environment's rule leaves the variable out");
  }

  @Property(tries = 300)
  void noSecretValueSurvives(@ForAll("secretNames") String name, @ForAll("values") String value,
      @ForAll("forms") int form) {
    List<String> args = new ArrayList<>(List.of("--epochs", "3"));
    List<String> expected = new ArrayList<>(args);
    String r = Command.REDACTED;
    switch (form) {
      case 0 -> {
        args.addAll(List.of("--" + name, value));
        expected.addAll(List.of("--" + name, r));
      }
      case 1 -> {
        args.add("--" + name + "=" + value);
        expected.add(r);
      }
      case 2 -> {
        args.add("-D" + name + "=" + value);
        expected.add(r);
      }
      case 3 -> {
        args.add(name + "=" + value);
        expected.add(r);
      }
      default -> {
        args.add("postgresql://user:" + value + "@db/x");
        expected.add("postgresql://user:" + r + "@db/x");
      }
    }
    assertEquals(expected, CommandCapture.redact(args));
  }

  @Property(tries = 200)
  void argumentsThatAreNotSecretsAreKept(@ForAll("plainArguments") List<String> args) {
    assertEquals(args, CommandCapture.redact(args));
  }

  @Provide
  Arbitrary<String> secretNames() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(0).ofMaxLength(6);
    Arbitrary<String> secret = Arbitraries.of("password", "token", "secret", "key", "credential", "Passwd",
        "API_KEY", "accessKey");
    return net.jqwik.api.Combinators.combine(word, secret, word).as((a, s, b) -> (a.isEmpty() ? "" : a + ".") + s
        + (b.isEmpty() ? "" : "." + b));
  }

  /** Values a secret takes: not option-like (a value starting with a dash is read as the next option). */
  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(4).ofMaxLength(24)
        .filter(v -> !v.startsWith("-") && !v.contains("@") && !v.contains("/") && !v.contains(":")
            && !v.contains("="));
  }

  @Provide
  Arbitrary<Integer> forms() {
    return Arbitraries.integers().between(0, 4);
  }

  @Provide
  Arbitrary<List<String>> plainArguments() {
    return Arbitraries.of("--epochs", "3", "-Dseed=7", "--lr=0.01", "data/train.csv", "s3://bucket/data",
        "https://host/x?y=1", "--verbose", "-Xmx2g", "name=value", "a b", "").list().ofMaxSize(8);
  }

  @Example
  void aProcCmdlineFileIsReadWholeWithoutItsExecutable() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("cmdline", "");
    try {
      String longOption = "-Dpad=" + "x".repeat(5000);
      java.nio.file.Files.write(file, ("/usr/bin/java\0" + longOption + "\0com.acme.Train\0a b\0")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(java.util.Optional.of(List.of(longOption, "com.acme.Train", "a b")),
          CommandCapture.procCmdline(file));
      assertEquals(java.util.Optional.empty(), CommandCapture.procCmdline(file.resolveSibling("no-such-cmdline")));
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Example
  void thisJvmsCommandIsRead() {
    Command c = CommandCapture.capture().orElseThrow();
    assertFalse(c.program().isEmpty(), c.toString());
    assertEquals(System.getProperty("user.dir"), c.workingDirectory());
  }
}
