package dev.capstan.server.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private final ServiceAccountTokens tokens = new ServiceAccountTokens(p256());

  @Test
  void anIssuedTokenVerifiesToItsSubjectUntilItExpires() {
    String token = tokens.issue(subject("web", "uid-1"), NOW, 600);
    assertThat(tokens.verify(token, NOW.plusSeconds(599))).hasValueSatisfying(s -> {
      assertThat(s.namespace()).isEqualTo("team");
      assertThat(s.serviceAccount()).isEqualTo("robot");
      assertThat(s.serviceAccountUid()).isEqualTo("sa-uid");
      assertThat(s.podName()).isEqualTo("web");
      assertThat(s.podUid()).isEqualTo("uid-1");
      assertThat(s.audiences()).containsExactly(ServiceAccountTokens.ISSUER);
      assertThat(s.tokenId()).isNotEmpty();
    });
    assertThat(tokens.verify(token, NOW.plusSeconds(600))).isEmpty();
  }

  @Test
  void theClaimsAreUpstreamsShape() {
    String token = tokens.issue(subject("", ""), NOW, 3600);
    String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"iss\":\"https://kubernetes.default.svc.cluster.local\"")
        .contains("\"sub\":\"system:serviceaccount:team:robot\"")
        .contains("\"kubernetes.io\":{\"namespace\":\"team\",\"serviceaccount\":{\"name\":\"robot\","
            + "\"uid\":\"sa-uid\"}}")
        .contains("\"exp\":" + (NOW.getEpochSecond() + 3600));
  }

  @Test
  void aTamperedTokenOrAnotherKeysTokenIsRejected() {
    String token = tokens.issue(subject("", ""), NOW, 600);
    String[] parts = token.split("\\.");
    String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
        Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("robot", "admin")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.verify(parts[0] + "." + otherClaims + "." + parts[2], NOW)).isEmpty();
    String foreign = new ServiceAccountTokens(p256()).issue(subject("", ""), NOW, 600);
    assertThat(tokens.verify(foreign, NOW)).isEmpty();
    assertThat(tokens.verify("not.a.token", NOW)).isEmpty();
  }

  private static ServiceAccountTokens.Subject subject(String pod, String podUid) {
    return new ServiceAccountTokens.Subject("team", "robot", "sa-uid", pod, podUid, "",
        List.of(ServiceAccountTokens.ISSUER));
  }

  private static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
