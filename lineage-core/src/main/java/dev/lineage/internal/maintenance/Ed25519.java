package dev.lineage.internal.maintenance;

import dev.lineage.InvalidInputException;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 through the JDK alone: keys in PEM, signatures, and a private key's public half. */
public final class Ed25519 {
  private static final String ALGORITHM = "Ed25519";

  private Ed25519() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (every JDK 15 and later has)", e);
    }
  }

  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException("key", "cannot sign with this key (" + e.getMessage() + "); an Ed25519 "
          + "private key is needed");
    }
  }

  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a malformed signature verifies nothing
    }
  }

  /**
   * The public key of a private one. An OpenSSL private key file holds the seed alone, and the JDK has no call
   * that derives the public half; its generator, handed the seed as its randomness, makes the same key pair. The
   * result is checked by a signature, so a JDK that generated differently is an error, never a wrong key.
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    byte[] seed = key instanceof EdECPrivateKey ed ? ed.getBytes().orElse(null) : null;
    if (seed == null) {
      throw new InvalidInputException("key", "is not an Ed25519 private key");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      PublicKey derived = generator.generateKeyPair().getPublic();
      byte[] probe = "lineage: which public key is this".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      if (!verify(derived, probe, sign(key, probe))) {
        throw new IllegalStateException("this JDK's Ed25519 generator does not make a key pair from its seed");
      }
      return derived;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (every JDK 15 and later has)", e);
    }
  }

  /** Randomness that is the seed: what the generator draws for its private key. */
  private static final class SeedRandom extends SecureRandom {
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }

  public static String keyId(PublicKey key) {
    return Sha256.of(key.getEncoded()).toString();
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  public static void writePrivate(PrivateKey key, Path file) throws IOException {
    byte[] pem = pem("PRIVATE KEY", key.getEncoded()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.write(file, pem, StandardOpenOption.CREATE_NEW);
    }
  }

  public static PrivateKey readPrivate(Path file) {
    byte[] der = der(file, "PRIVATE KEY", "an Ed25519 private key");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new InvalidInputException("key", file + " is not an Ed25519 private key (PKCS#8 PEM, as 'openssl genpkey "
          + "-algorithm ed25519' or 'lineage keygen' writes): " + e.getMessage());
    }
  }

  public static PublicKey readPublic(Path file) {
    byte[] der = der(file, "PUBLIC KEY", "an Ed25519 public key");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException("trust", file + " is not an Ed25519 public key (X.509 PEM, as 'openssl pkey "
          + "-pubout' or 'lineage keygen' writes): " + e.getMessage());
    }
  }

  /** A public key as a checkpoint names it (X.509 DER, base64); empty if it is not one. */
  public static java.util.Optional<PublicKey> decodePublic(String base64) {
    try {
      return java.util.Optional.of(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(base64))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static byte[] der(Path file, String type, String what) {
    String field = type.startsWith("PUBLIC") ? "trust" : "key";
    String text;
    try {
      text = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(field, "no such file: " + file);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InvalidInputException(field, "cannot read " + file + ": " + e.getMessage());
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      String other = type.startsWith("PUBLIC") ? "PRIVATE KEY" : "PUBLIC KEY";
      throw new InvalidInputException(field, file + " holds no '" + begin + "' block" + (text.contains(
          "-----BEGIN " + other) ? " (it holds a " + other.toLowerCase(java.util.Locale.ROOT) + "; " + what
          + " is needed here)" : ""));
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, file + " is not valid PEM: " + e.getMessage());
    }
  }
}
