package dev.lineage.internal.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3, header form. S3's rules differ from other services': the path is not
 * normalised and each segment is encoded exactly once; the payload hash is signed as sent
 * ({@code x-amz-content-sha256}). Not public API.
 */
public final class SigV4Signer {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final String accessKeyId;
  private final byte[] secretKey;
  private final String region;
  private final String service;

  public SigV4Signer(String accessKeyId, String secretAccessKey, String region, String service) {
    this.accessKeyId = accessKeyId;
    this.secretKey = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    this.region = region;
    this.service = service;
  }

  /** The parts of a signature, kept for tests and for error messages that must never hold the secret. */
  public record Signature(String canonicalRequest, String stringToSign, String signature, String authorization) {}

  /**
   * Signs a request. {@code headers} must hold {@code host}, {@code x-amz-date} and {@code x-amz-content-sha256}
   * (and {@code x-amz-security-token} with session credentials); all of them are signed.
   *
   * @param rawPath the path as sent, not yet encoded (for example {@code /bucket/key with space})
   * @param query decoded query parameters; a parameter with no value maps to the empty string
   */
  public Signature sign(String method, String rawPath, Map<String, List<String>> query, Map<String, String> headers,
      String payloadHash) {
    String amzDate = header(headers, "x-amz-date");
    String date = amzDate.substring(0, 8);
    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    headers.forEach((k, v) -> canonicalHeaders.put(k.toLowerCase(Locale.ROOT), v.trim().replaceAll(" +", " ")));
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    StringBuilder canonical = new StringBuilder()
        .append(method).append('\n')
        .append(encodePath(rawPath)).append('\n')
        .append(canonicalQuery(query)).append('\n');
    canonicalHeaders.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.toString()));
    byte[] key = hmac(hmac(hmac(hmac(secretKey, date), region), service), "aws4_request");
    String signature = hex(hmac(key, stringToSign));
    String authorization = ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ",SignedHeaders=" + signedHeaders
        + ",Signature=" + signature;
    return new Signature(canonical.toString(), stringToSign, signature, authorization);
  }

  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("missing header " + name);
  }

  /** Each segment encoded once, '/' kept, nothing normalised (S3 keys may hold "." and ".." literally). */
  public static String encodePath(String rawPath) {
    return rawPath.isEmpty() ? "/" : encode(rawPath, false);
  }

  /** Sorted by encoded name, then encoded value; a repeated name keeps every value; empty values stay "k=". */
  static String canonicalQuery(Map<String, List<String>> query) {
    List<String> pairs = new ArrayList<>();
    query.forEach((k, values) -> {
      for (String v : values.isEmpty() ? List.of("") : values) {
        pairs.add(encode(k, true) + "=" + encode(v, true));
      }
    });
    pairs.sort(null);
    return String.join("&", pairs);
  }

  /** RFC 3986 percent-encoding of everything but unreserved characters (and '/' in paths), upper-case hex. */
  static String encode(String s, boolean encodeSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "SigV4Signer[" + accessKeyId + ", " + region + ", " + service + ", secret hidden]";
  }
}
