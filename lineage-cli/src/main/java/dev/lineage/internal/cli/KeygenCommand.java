package dev.lineage.internal.cli;

import dev.lineage.maintenance.SigningKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "keygen",
    description = "Make an Ed25519 key pair for 'lineage seal': the private key in FILE (readable by you alone; "
        + "keep it away from the store and its writers) and the public key in FILE.pub (give it to whoever "
        + "verifies). Never overwrites a file.",
    footer = {"", "Example:", "  lineage keygen ~/.lineage/seal.pem", "See docs/audit.md."})
final class KeygenCommand implements Callable<Integer> {
  @Mixin Output output;

  @Parameters(paramLabel = "FILE", description = "Where to write the private key.") Path file;

  @Override
  public Integer call() {
    var pair = SigningKeys.generate();
    Path pub = SigningKeys.write(pair, file);
    output.out().printf("private key  %s%npublic key   %s%nkey id       %s%n", file, pub,
        SigningKeys.keyId(pair.getPublic()));
    return ExitCode.OK;
  }
}
