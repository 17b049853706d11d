package dev.lineage.internal.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.storage.s3.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialChainTest {
  @TempDir Path home;

  private void profiles() throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = AKIDDEFAULT\n"
        + "aws_secret_access_key = secret-default\n\n# a comment\n[ci]\naws_access_key_id=AKIDCI\n"
        + "aws_secret_access_key=secret-ci\naws_session_token=token-ci\n");
    Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-west-1\n[profile ci]\nregion = us-east-2\n");
  }

  @Test
  void environmentFirst() throws IOException {
    profiles();
    CredentialChain chain = new CredentialChain(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY",
        "secret-env", "AWS_SESSION_TOKEN", "token-env", "AWS_REGION", "ap-south-1"), home);
    assertEquals(new Credentials("AKIDENV", "secret-env", Optional.of("token-env")), chain.credentials());
    assertEquals(Optional.of("ap-south-1"), chain.region());
  }

  @Test
  void thenTheProfileAndItsRegion() throws IOException {
    profiles();
    CredentialChain ci = new CredentialChain(Map.of("AWS_PROFILE", "ci"), home);
    assertEquals(new Credentials("AKIDCI", "secret-ci", Optional.of("token-ci")), ci.credentials());
    assertEquals(Optional.of("us-east-2"), ci.region());
    CredentialChain byDefault = new CredentialChain(Map.of(), home);
    assertEquals(Credentials.of("AKIDDEFAULT", "secret-default"), byDefault.credentials());
    assertEquals(Optional.of("eu-west-1"), byDefault.region());
  }

  @Test
  void noneFoundIsATypedErrorThatNamesWhereItLooked() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new CredentialChain(Map.of(), home).credentials());
    assertEquals("credentials", e.field());
    assertTrue(e.getMessage().contains(".aws/credentials"));
  }

  @Test
  void secretsNeverAppearInToString() {
    Credentials c = new Credentials("AKIDX", "very-secret", Optional.of("session-secret"));
    assertFalse(c.toString().contains("very-secret"));
    assertFalse(c.toString().contains("session-secret"));
    assertTrue(c.toString().contains("AKIDX"));
  }
}
