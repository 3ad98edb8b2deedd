package dev.capstan.server.authn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service account tokens as kube-apiserver issues them: ES256 JWTs signed with the cluster's service-account key,
 * issuer {@code https://kubernetes.default.svc.cluster.local}, the {@code kubernetes.io} claim naming the
 * namespace, the service account and (when bound) the pod. Thread-safe.
 */
public final class ServiceAccountTokens {
  /** The issuer and default audience, as kubeadm configures kube-apiserver. */
  public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** The two halves of a P-256 signature, each 32 bytes in a JWT. */
  private static final int HALF = 32;

  private final KeyPair key;
  private final String keyId;

  public ServiceAccountTokens(KeyPair key) {
    this.key = key;
    try {
      this.keyId = B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** Who a token speaks for. {@code podName} and {@code podUid} are "" for a token bound to no pod. */
  public record Subject(String namespace, String serviceAccount, String serviceAccountUid, String podName,
      String podUid, String tokenId, List<String> audiences) {}

  /** A signed token for {@code subject}, valid from {@code now} for {@code seconds}. */
  public String issue(Subject subject, Instant now, long seconds) {
    ObjectNode header = JSON.createObjectNode().put("alg", "ES256").put("kid", keyId);
    ObjectNode claims = JSON.createObjectNode();
    ArrayNode aud = claims.putArray("aud");
    subject.audiences().forEach(aud::add);
    claims.put("exp", now.getEpochSecond() + seconds);
    claims.put("iat", now.getEpochSecond());
    claims.put("iss", ISSUER);
    claims.put("jti", subject.tokenId().isEmpty() ? UUID.randomUUID().toString() : subject.tokenId());
    ObjectNode k8s = claims.putObject("kubernetes.io");
    k8s.put("namespace", subject.namespace());
    if (!subject.podName().isEmpty()) {
      k8s.putObject("pod").put("name", subject.podName()).put("uid", subject.podUid());
    }
    k8s.putObject("serviceaccount").put("name", subject.serviceAccount()).put("uid", subject.serviceAccountUid());
    claims.put("nbf", now.getEpochSecond());
    claims.put("sub", "system:serviceaccount:" + subject.namespace() + ":" + subject.serviceAccount());
    String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
        + B64.encodeToString(JSON.writeValueAsBytes(claims));
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key.getPrivate());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(derToRaw(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing a service account token failed", e);
    }
  }

  /**
   * The subject of a token this server issued and that is valid at {@code now}; empty for anything else (another
   * issuer's token, a bad signature, an expired token).
   */
  public Optional<Subject> verify(String token, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key.getPublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      byte[] raw = B64D.decode(parts[2]);
      if (raw.length != 2 * HALF || !verifier.verify(rawToDer(raw))) {
        return Optional.empty();
      }
      JsonNode claims = JSON.readTree(B64D.decode(parts[1]));
      long t = now.getEpochSecond();
      if (!ISSUER.equals(claims.path("iss").asString("")) || claims.path("exp").asLong(0) <= t
          || claims.path("nbf").asLong(0) > t + 60) {
        return Optional.empty();
      }
      JsonNode k8s = claims.path("kubernetes.io");
      List<String> audiences = new java.util.ArrayList<>();
      claims.path("aud").forEach(a -> audiences.add(a.asString("")));
      return Optional.of(new Subject(k8s.path("namespace").asString(""),
          k8s.path("serviceaccount").path("name").asString(""), k8s.path("serviceaccount").path("uid").asString(""),
          k8s.path("pod").path("name").asString(""), k8s.path("pod").path("uid").asString(""),
          claims.path("jti").asString(""), audiences));
    } catch (GeneralSecurityException | IllegalArgumentException | JacksonException e) {
      return Optional.empty();
    }
  }

  /** JCA signs ECDSA as DER; a JWT carries r and s as two fixed-size big-endian halves. */
  private static byte[] derToRaw(byte[] der) {
    int offset = 2 + (der[1] == (byte) 0x81 ? 1 : 0);
    byte[] out = new byte[2 * HALF];
    for (int i = 0; i < 2; i++) {
      int len = der[offset + 1];
      int start = offset + 2;
      int copy = Math.min(len, HALF);
      System.arraycopy(der, start + len - copy, out, (i + 1) * HALF - copy, copy);
      offset = start + len;
    }
    return out;
  }

  private static byte[] rawToDer(byte[] raw) {
    byte[] r = integer(Arrays.copyOfRange(raw, 0, HALF));
    byte[] s = integer(Arrays.copyOfRange(raw, HALF, 2 * HALF));
    int body = r.length + s.length;
    byte[] der = new byte[2 + body];
    der[0] = 0x30;
    der[1] = (byte) body;
    System.arraycopy(r, 0, der, 2, r.length);
    System.arraycopy(s, 0, der, 2 + r.length, s.length);
    return der;
  }

  /** One DER INTEGER: leading zeros dropped, a zero byte added when the high bit is set. */
  private static byte[] integer(byte[] magnitude) {
    int i = 0;
    while (i < magnitude.length - 1 && magnitude[i] == 0) {
      i++;
    }
    byte[] value = Arrays.copyOfRange(magnitude, i, magnitude.length);
    boolean pad = (value[0] & 0x80) != 0;
    byte[] out = new byte[2 + value.length + (pad ? 1 : 0)];
    out[0] = 0x02;
    out[1] = (byte) (value.length + (pad ? 1 : 0));
    System.arraycopy(value, 0, out, pad ? 3 : 2, value.length);
    return out;
  }
}
