package dev.lineage.internal.store;

import java.nio.charset.StandardCharsets;

/**
 * {@code checkpoints/{number}.json}: a signed statement of the head of every chain in the store at one moment
 * (docs/storage-format.md, "Signed checkpoints"). The heads themselves are a text object named by its digest.
 *
 * @param prev the checksum of checkpoint {@code number - 1}; absent for the first
 * @param heads the key of the heads list, {@code checkpoints/heads/{hex}.txt}
 * @param headsDigest the SHA-256 of the heads list
 * @param headCount how many heads it lists
 * @param publicKey the signer's Ed25519 public key, X.509-encoded and base64: a verifier compares it with the key
 *     it trusts, which it holds outside the store
 * @param signature Ed25519 over {@link #statement()}, base64
 */
public record CheckpointDoc(long number, long sealedAt, String prev, String heads, String headsDigest,
    long headCount, String publicKey, String signature) implements Bound {
  public CheckpointDoc {
    if (number < 1 || headCount < 0) {
      throw new IllegalArgumentException("number must be >= 1 and headCount >= 0");
    }
    Check.optionalDigest(prev, "prev");
    if ((number == 1) != (prev == null)) {
      throw new IllegalArgumentException("every checkpoint but the first names its predecessor");
    }
    Check.present(heads, "heads");
    Check.digest(headsDigest, "headsDigest");
    Check.present(publicKey, "publicKey");
    Check.present(signature, "signature");
  }

  /**
   * The bytes the signature covers: every field but the signature, one per line, in a fixed order, so that a
   * verifier needs no JSON canonicalisation to check it.
   */
  public byte[] statement() {
    return statement(number, sealedAt, prev, heads, headsDigest, headCount, publicKey);
  }

  public static byte[] statement(long number, long sealedAt, String prev, String heads, String headsDigest,
      long headCount, String publicKey) {
    return ("lineage.checkpoint 1\nnumber " + number + "\nsealedAt " + sealedAt + "\nprev "
        + (prev == null ? "-" : prev) + "\nheads " + heads + " " + headsDigest + " " + headCount + "\npublicKey "
        + publicKey + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String storedAt() {
    return Keys.checkpoint(number);
  }
}
