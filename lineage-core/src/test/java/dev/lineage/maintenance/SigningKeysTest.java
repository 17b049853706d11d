package dev.lineage.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.internal.maintenance.Ed25519;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as users make them: with OpenSSL, or with this class; and every way a key file can be wrong. */
class SigningKeysTest {
  @TempDir Path tmp;

  private static Path resource(String name) throws Exception {
    return Path.of(SigningKeysTest.class.getResource("/keys/" + name).toURI());
  }

  @Test
  void readsOpenSslsKeysAndFindsThePublicHalfOfItsPrivateKey() throws Exception {
    // made by: openssl genpkey -algorithm ed25519; openssl pkey -pubout (OpenSSL 3.0): the private file holds
    // the seed alone, without its public key
    PrivateKey priv = SigningKeys.readPrivate(resource("openssl-ed25519.pem"));
    PublicKey pub = SigningKeys.readPublic(resource("openssl-ed25519.pem.pub"));
    assertArrayEquals(pub.getEncoded(), Ed25519.publicKeyOf(priv).getEncoded());
    byte[] message = {1, 2, 3};
    assertTrue(Ed25519.verify(pub, message, Ed25519.sign(priv, message)));
  }

  @Test
  void writesAPairThatReadsBackWithThePrivateHalfForItsOwnerAlone() throws Exception {
    KeyPair pair = SigningKeys.generate();
    Path priv = tmp.resolve("lineage-seal.pem");
    Path pub = SigningKeys.write(pair, priv);
    assertEquals(tmp.resolve("lineage-seal.pem.pub"), pub);
    assertArrayEquals(pair.getPublic().getEncoded(), SigningKeys.readPublic(pub).getEncoded());
    assertArrayEquals(pair.getPrivate().getEncoded(), SigningKeys.readPrivate(priv).getEncoded());
    if (Files.getFileAttributeView(priv, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    }
    assertEquals("key file", assertThrows(InvalidInputException.class, () -> SigningKeys.write(pair, priv))
        .field(), "a key is never overwritten");
  }

  @Test
  void aWrongKeyFileIsATypedErrorNamingTheFileAndWhatWasExpected() throws Exception {
    InvalidInputException missing = assertThrows(InvalidInputException.class,
        () -> SigningKeys.readPrivate(tmp.resolve("none.pem")));
    assertEquals("key", missing.field());
    assertTrue(missing.getMessage().contains("none.pem"), missing.getMessage());
    InvalidInputException swapped = assertThrows(InvalidInputException.class,
        () -> SigningKeys.readPublic(resource("openssl-ed25519.pem")));
    assertEquals("trust", swapped.field());
    assertTrue(swapped.getMessage().contains("private key"), swapped.getMessage());
    Path rsa = Files.writeString(tmp.resolve("rsa.pem"), "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEF\n"
        + "-----END PRIVATE KEY-----\n");
    assertEquals("key", assertThrows(InvalidInputException.class, () -> SigningKeys.readPrivate(rsa)).field());
  }
}
