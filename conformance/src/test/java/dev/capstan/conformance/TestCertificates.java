package dev.capstan.conformance;

import java.io.StringReader;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Client certificates for tests, signed by the cluster's CA (read from the data directory). */
final class TestCertificates {
  record Identity(KeyPair key, X509Certificate cert) {}

  private TestCertificates() {}

  static X509Certificate clusterCa(Path dataDir) throws Exception {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(dataDir.resolve("pki/ca.crt"))))) {
      return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
    }
  }

  /** The admin identity the server wrote to its data directory. */
  static Identity admin(Path dataDir) throws Exception {
    KeyPair key;
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(dataDir.resolve("pki/admin.key"))))) {
      key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) p.readObject());
    }
    X509Certificate cert;
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(dataDir.resolve("pki/admin.crt"))))) {
      cert = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
    }
    return new Identity(key, cert);
  }

  static Identity signedByClusterCa(Path dataDir, String subject) throws Exception {
    Instant now = Instant.now();
    return signedByClusterCa(dataDir, subject, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
  }

  static Identity signedByClusterCa(Path dataDir, String subject, Instant notBefore, Instant notAfter)
      throws Exception {
    KeyPair caKey;
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(dataDir.resolve("pki/ca.key"))))) {
      caKey = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) p.readObject());
    }
    X509Certificate ca = clusterCa(dataDir);
    return issue(new X500Name(ca.getSubjectX500Principal().getName()), caKey, subject, newKey(), notBefore, notAfter);
  }

  /** An HTTPS client that trusts the cluster CA and presents {@code identity} (or nothing when null). */
  static HttpClient client(X509Certificate ca, Identity identity) throws Exception {
    return HttpClient.newBuilder().sslContext(sslContext(ca, identity)).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** TLS that trusts the cluster CA and presents {@code identity} (or nothing when null). */
  static SSLContext sslContext(X509Certificate ca, Identity identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity != null) {
      keys.setKeyEntry("me", identity.key().getPrivate(), new char[0], new X509Certificate[] {identity.cert()});
    }
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }

  private static Identity issue(X500Name issuer, KeyPair issuerKey, String subject, KeyPair key, Instant notBefore,
      Instant notAfter) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
        Date.from(notBefore), Date.from(notAfter), new X500Name(subject), key.getPublic());
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate cert = new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    return new Identity(key, cert);
  }

  private static KeyPair newKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
