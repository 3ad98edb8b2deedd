package dev.capstan.server.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues the cluster's certificates: ECDSA P-256 keys, SHA-256 signatures. */
final class Certificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  static X500Name name(String commonName, List<String> organizations) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    for (String o : organizations) {
      b.addRDN(BCStyle.O, o);
    }
    b.addRDN(BCStyle.CN, commonName);
    return b.build();
  }

  static X509Certificate selfSignedCa(String commonName, KeyPair key, Instant now, Duration validity)
      throws GeneralSecurityException {
    X500Name subject = name(commonName, List.of());
    X509v3CertificateBuilder b = builder(subject, subject, key, now, validity);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
    } catch (org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
    return sign(b, key);
  }

  /**
   * A leaf certificate signed by the CA.
   *
   * @param serverNames DNS names and IP literals for a serving certificate; empty for a client certificate
   */
  static X509Certificate leaf(X509Certificate ca, KeyPair caKey, X500Name subject, KeyPair key,
      List<String> serverNames, Instant now, Duration validity) throws GeneralSecurityException {
    X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder b = builder(issuer, subject, key, now, validity);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    boolean server = !serverNames.isEmpty();
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
      if (server) {
        b.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(serverNames));
      }
    } catch (org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
    return sign(b, caKey);
  }

  /** True for an IPv4 or IPv6 literal (never resolves a host name). */
  static boolean isIpLiteral(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
  }

  private static GeneralNames subjectAltNames(List<String> names) throws GeneralSecurityException {
    List<GeneralName> out = new ArrayList<>();
    for (String n : names) {
      if (isIpLiteral(n)) {
        try {
          out.add(new GeneralName(GeneralName.iPAddress,
              new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(n).getAddress())));
        } catch (java.net.UnknownHostException e) {
          throw new GeneralSecurityException("not an IP address: " + n, e);
        }
      } else {
        out.add(new GeneralName(GeneralName.dNSName, n));
      }
    }
    return new GeneralNames(out.toArray(GeneralName[]::new));
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key, Instant now,
      Duration validity) {
    // Back-dated a little, as upstream does, so a client with a slightly slow clock accepts it.
    Date notBefore = Date.from(now.minus(Duration.ofMinutes(5)));
    Date notAfter = Date.from(now.plus(validity));
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(issuer, serial, notBefore, notAfter, subject, key.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
