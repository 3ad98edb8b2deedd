package dev.capstan.server.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's keys and certificates under {@code <data-dir>/pki}: a CA, the API server's serving certificate,
 * the admin's client certificate ({@code CN=kubernetes-admin, O=system:masters}) and the service-account signing
 * key. Created on first start and reused afterwards; a leaf certificate is re-issued from the same CA when it is
 * about to expire or, for the serving certificate, when it no longer covers the names the server is asked to
 * serve. Keys never leave these files except into the admin kubeconfig.
 */
public final class ClusterPki {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPki.class);
  public static final String ADMIN_USER = "kubernetes-admin";
  public static final String ADMIN_GROUP = "system:masters";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final X509Certificate ca;
  private final KeyPair servingKey;
  private final X509Certificate serving;
  private final KeyPair adminKey;
  private final X509Certificate admin;
  private final KeyPair serviceAccountKey;

  private ClusterPki(X509Certificate ca, KeyPair servingKey, X509Certificate serving, KeyPair adminKey,
      X509Certificate admin, KeyPair serviceAccountKey) {
    this.ca = ca;
    this.servingKey = servingKey;
    this.serving = serving;
    this.adminKey = adminKey;
    this.admin = admin;
    this.serviceAccountKey = serviceAccountKey;
  }

  /**
   * Loads the PKI from {@code dir}, creating what is missing.
   *
   * @param servingNames DNS names and IP literals the serving certificate must cover
   */
  public static ClusterPki loadOrCreate(Path dir, List<String> servingNames, Clock clock)
      throws IOException, GeneralSecurityException {
    SecureFiles.ownerOnlyDirectory(dir);
    Instant now = clock.instant();
    Path caCrt = dir.resolve("ca.crt");
    Path caKeyFile = dir.resolve("ca.key");
    KeyPair caKey;
    X509Certificate ca;
    if (Files.exists(caCrt) && Files.exists(caKeyFile)) {
      caKey = Pem.readKeyPair(read(caKeyFile));
      ca = Pem.readCertificates(read(caCrt)).get(0);
    } else {
      LOG.info("creating the cluster CA in {}", dir);
      caKey = Certificates.newKeyPair();
      ca = Certificates.selfSignedCa("capstan-ca", caKey, now, CA_VALIDITY);
      SecureFiles.writeOwnerOnly(caKeyFile, Pem.ecPrivateKey(caKey));
      SecureFiles.writeOwnerOnly(caCrt, Pem.certificate(ca));
    }

    Leaf serving = leaf(dir, "apiserver", ca, caKey, now, existing -> covers(existing, servingNames),
        key -> Certificates.leaf(ca, caKey, Certificates.name("kube-apiserver", List.of()), key,
            List.copyOf(new LinkedHashSet<>(servingNames)), now, LEAF_VALIDITY));
    Leaf admin = leaf(dir, "admin", ca, caKey, now, existing -> true,
        key -> Certificates.leaf(ca, caKey, Certificates.name(ADMIN_USER, List.of(ADMIN_GROUP)), key, List.of(),
            now, LEAF_VALIDITY));

    Path saKeyFile = dir.resolve("sa.key");
    KeyPair saKey;
    if (Files.exists(saKeyFile)) {
      saKey = Pem.readKeyPair(read(saKeyFile));
    } else {
      saKey = Certificates.newKeyPair();
      SecureFiles.writeOwnerOnly(saKeyFile, Pem.ecPrivateKey(saKey));
      SecureFiles.writeOwnerOnly(dir.resolve("sa.pub"), Pem.publicKey(saKey.getPublic()));
    }
    return new ClusterPki(ca, serving.key, serving.cert, admin.key, admin.cert, saKey);
  }

  public X509Certificate caCertificate() {
    return ca;
  }

  public String caPem() {
    return Pem.certificate(ca);
  }

  public KeyPair servingKey() {
    return servingKey;
  }

  /** The serving certificate followed by the CA, as a TLS server presents its chain. */
  public List<X509Certificate> servingChain() {
    return List.of(serving, ca);
  }

  public String adminCertificatePem() {
    return Pem.certificate(admin);
  }

  public String adminKeyPem() {
    return Pem.ecPrivateKey(adminKey);
  }

  /** The key that signs service-account tokens. */
  public KeyPair serviceAccountKey() {
    return serviceAccountKey;
  }

  private record Leaf(KeyPair key, X509Certificate cert) {}

  @FunctionalInterface
  private interface Issuer {
    X509Certificate issue(KeyPair key) throws GeneralSecurityException;
  }

  @FunctionalInterface
  private interface Check {
    boolean stillGood(X509Certificate existing) throws GeneralSecurityException;
  }

  private static Leaf leaf(Path dir, String name, X509Certificate ca, KeyPair caKey, Instant now, Check check,
      Issuer issuer) throws IOException, GeneralSecurityException {
    Path crtFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    if (Files.exists(crtFile) && Files.exists(keyFile)) {
      KeyPair key = Pem.readKeyPair(read(keyFile));
      X509Certificate cert = Pem.readCertificates(read(crtFile)).get(0);
      boolean fresh = cert.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
      boolean signedByCa = verifies(cert, ca);
      if (fresh && signedByCa && check.stillGood(cert)) {
        return new Leaf(key, cert);
      }
      LOG.info("re-issuing {}.crt ({})", name, !fresh ? "about to expire" : !signedByCa ? "not signed by the CA"
          : "names changed");
      X509Certificate renewed = issuer.issue(key);
      SecureFiles.writeOwnerOnly(crtFile, Pem.certificate(renewed));
      return new Leaf(key, renewed);
    }
    KeyPair key = Certificates.newKeyPair();
    X509Certificate cert = issuer.issue(key);
    SecureFiles.writeOwnerOnly(keyFile, Pem.ecPrivateKey(key));
    SecureFiles.writeOwnerOnly(crtFile, Pem.certificate(cert));
    return new Leaf(key, cert);
  }

  private static boolean verifies(X509Certificate cert, X509Certificate ca) {
    try {
      cert.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean covers(X509Certificate cert, List<String> names) throws CertificateParsingException {
    Set<String> present = new HashSet<>();
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> san : sans) {
        present.add(normalize(String.valueOf(san.get(1))));
      }
    }
    return names.stream().map(ClusterPki::normalize).allMatch(present::contains);
  }

  private static String normalize(String name) {
    if (Certificates.isIpLiteral(name)) {
      try {
        return java.net.InetAddress.getByName(name).getHostAddress();
      } catch (java.net.UnknownHostException e) {
        return name;
      }
    }
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
