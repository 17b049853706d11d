package dev.lineage.internal.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of the S3 API reference ("Signature Calculations for the Authorization Header"). */
class SigV4SignerTest {
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private final SigV4Signer signer = new SigV4Signer(KEY, SECRET, "us-east-1", "s3");

  private static Map<String, String> headers(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void getObjectWithRange() {
    SigV4Signer.Signature s = signer.sign("GET", "/test.txt", Map.of(), headers(
        "Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9",
        "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256, "x-amz-date", "20130524T000000Z"), SigV4Signer.EMPTY_SHA256);
    assertEquals("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
        + "x-amz-content-sha256:" + SigV4Signer.EMPTY_SHA256 + "\nx-amz-date:20130524T000000Z\n\n"
        + "host;range;x-amz-content-sha256;x-amz-date\n" + SigV4Signer.EMPTY_SHA256, s.canonicalRequest());
    assertEquals("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
        + "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", s.stringToSign());
    assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", s.signature());
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", s.authorization());
  }

  @Test
  void putObjectWithAPayloadAndADollarInTheKey() {
    String payload = SigV4Signer.sha256Hex("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8));
    SigV4Signer.Signature s = signer.sign("PUT", "/test$file.text", Map.of(), headers(
        "Host", "examplebucket.s3.amazonaws.com", "Date", "Fri, 24 May 2013 00:00:00 GMT",
        "x-amz-date", "20130524T000000Z", "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "x-amz-content-sha256", payload), payload);
    assertEquals("/test%24file.text", s.canonicalRequest().split("\n")[1]);
    assertEquals("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", s.signature());
  }

  @Test
  void getBucketLifecycleWithAnEmptyQueryValue() {
    SigV4Signer.Signature s = signer.sign("GET", "/", Map.of("lifecycle", List.of("")), headers(
        "Host", "examplebucket.s3.amazonaws.com", "x-amz-date", "20130524T000000Z",
        "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256), SigV4Signer.EMPTY_SHA256);
    assertEquals("lifecycle=", s.canonicalRequest().split("\n")[2]);
    assertEquals("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", s.signature());
  }

  @Test
  void listObjectsWithSortedQuery() {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("prefix", List.of("J"));
    query.put("max-keys", List.of("2"));
    SigV4Signer.Signature s = signer.sign("GET", "/", query, headers(
        "Host", "examplebucket.s3.amazonaws.com", "x-amz-date", "20130524T000000Z",
        "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256), SigV4Signer.EMPTY_SHA256);
    assertEquals("max-keys=2&prefix=J", s.canonicalRequest().split("\n")[2]);
    assertEquals("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", s.signature());
  }

  @Test
  void pathsAreEncodedOnceAndNeverNormalised() {
    assertEquals("/a/b%20c/..%25/%E2%82%AC", SigV4Signer.encodePath("/a/b c/..%/€"), "a '%' is encoded, once");
    assertEquals("/key/./../x", SigV4Signer.encodePath("/key/./../x"));
    assertEquals("a=1&a=2&b=", SigV4Signer.canonicalQuery(Map.of("b", List.of(), "a", List.of("2", "1"))));
  }

  @Test
  void theSecretNeverAppearsInToString() {
    assertFalse(signer.toString().contains(SECRET));
  }
}
