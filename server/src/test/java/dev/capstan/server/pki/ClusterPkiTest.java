package dev.capstan.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void createsOnceAndReusesOnRestart() throws Exception {
    ClusterPki first = ClusterPki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"), NOW);
    String adminKey = Files.readString(dir.resolve("admin.key"));
    ClusterPki second = ClusterPki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"), NOW);
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(second.servingChain()).isEqualTo(first.servingChain());
    assertThat(second.adminCertificatePem()).isEqualTo(first.adminCertificatePem());
    assertThat(Files.readString(dir.resolve("admin.key"))).isEqualTo(adminKey);
    assertThat(first.adminKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
  }

  @Test
  void servingCertificateIsReissuedFromTheSameCaWhenNamesChange() throws Exception {
    ClusterPki first = ClusterPki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"), NOW);
    ClusterPki second = ClusterPki.loadOrCreate(dir, List.of("localhost", "127.0.0.1", "api.example.test",
        "10.0.0.7"), NOW);
    X509Certificate serving = second.servingChain().get(0);
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(serving).isNotEqualTo(first.servingChain().get(0));
    serving.verify(first.caCertificate().getPublicKey());
    assertThat(serving.getSubjectAlternativeNames()).extracting(san -> String.valueOf(san.get(1)))
        .contains("localhost", "127.0.0.1", "api.example.test", "10.0.0.7");
    assertThat(second.servingKey().getPublic()).isEqualTo(first.servingKey().getPublic());
  }

  @Test
  void leafCertificatesAreRenewedBeforeTheyExpire() throws Exception {
    ClusterPki first = ClusterPki.loadOrCreate(dir, List.of("localhost"), NOW);
    Clock elevenMonthsLater = Clock.offset(NOW, Duration.ofDays(340));
    ClusterPki later = ClusterPki.loadOrCreate(dir, List.of("localhost"), elevenMonthsLater);
    assertThat(later.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(later.servingChain().get(0).getNotAfter()).isAfter(first.servingChain().get(0).getNotAfter());
    assertThat(later.adminCertificatePem()).isNotEqualTo(first.adminCertificatePem());
  }

  @Test
  void adminCertificateNamesTheAdminAndTheMastersGroup() throws Exception {
    ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of("localhost"), NOW);
    X509Certificate admin = Pem.readCertificates(pki.adminCertificatePem()).get(0);
    assertThat(admin.getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes-admin,O=system:masters");
    assertThat(admin.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    admin.verify(pki.caCertificate().getPublicKey());
  }
}
