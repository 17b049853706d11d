package dev.lineage.maintenance;

import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.internal.maintenance.Ed25519;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Ed25519 keys for signed checkpoints, in the PEM files OpenSSL reads and writes ({@code openssl genpkey
 * -algorithm ed25519} makes a private key this reads; {@code openssl pkey -pubout} its public key). The private
 * key signs ({@link Maintenance#seal}) and belongs outside the store and away from the bucket's writers; the
 * public key verifies ({@link Maintenance#verify(PublicKey, Progress)}) and may be shared (docs/audit.md).
 *
 * @since 0.1.0
 */
@dev.lineage.Experimental
public final class SigningKeys {
  private SigningKeys() {}

  /** A new key pair, from the JDK's strong random source. */
  public static KeyPair generate() {
    return Ed25519.generate();
  }

  /**
   * Writes a key pair: the private key as PKCS#8 PEM to {@code privateKey}, readable by its owner alone where the
   * file system has POSIX permissions, and the public key as X.509 PEM to {@code privateKey} with {@code .pub}
   * appended. Refuses to overwrite either.
   *
   * @throws InvalidInputException if either file exists
   */
  public static Path write(KeyPair pair, Path privateKey) {
    Path publicKey = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    for (Path p : new Path[] {privateKey, publicKey}) {
      if (Files.exists(p)) {
        throw new InvalidInputException("key file", p + " exists; a key is never overwritten");
      }
    }
    try {
      Ed25519.writePrivate(pair.getPrivate(), privateKey);
      Files.writeString(publicKey, Ed25519.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (IOException e) {
      throw new StorageException("cannot write key files " + privateKey + " and " + publicKey + ": "
          + e.getMessage(), e);
    }
    return publicKey;
  }

  /**
   * Reads an Ed25519 private key (PKCS#8 PEM, {@code -----BEGIN PRIVATE KEY-----}).
   *
   * @throws InvalidInputException naming the file if it is missing, unreadable or not such a key
   */
  public static PrivateKey readPrivate(Path file) {
    return Ed25519.readPrivate(file);
  }

  /**
   * Reads an Ed25519 public key (X.509 PEM, {@code -----BEGIN PUBLIC KEY-----}).
   *
   * @throws InvalidInputException naming the file if it is missing, unreadable or not such a key
   */
  public static PublicKey readPublic(Path file) {
    return Ed25519.readPublic(file);
  }

  /** The id a {@link Checkpoint} names its signer by: {@code sha256:} and the hex SHA-256 of the X.509 encoding. */
  public static String keyId(PublicKey key) {
    return Ed25519.keyId(key);
  }
}
