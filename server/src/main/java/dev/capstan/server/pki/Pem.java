package dev.capstan.server.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM encoding of certificates and EC keys in the forms kubectl, fabric8 and OpenSSL all read. */
final class Pem {
  private Pem() {}

  static String certificate(X509Certificate cert) {
    return write(cert);
  }

  static String publicKey(PublicKey key) {
    return write(key);
  }

  /**
   * An EC private key as SEC1 {@code EC PRIVATE KEY} with its curve and public point: fabric8 only recognises EC
   * keys under that header, and the JDK's own encoding lacks the curve, which kubectl then rejects.
   */
  static String ecPrivateKey(KeyPair pair) {
    ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(spki.getAlgorithm().getParameters());
    BigInteger s = priv.getS();
    int orderBits = priv.getParams().getOrder().bitLength();
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, s,
        new DERBitString(spki.getPublicKeyData().getBytes()), curve);
    try {
      return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KeyPair readKeyPair(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (!(o instanceof PEMKeyPair pair)) {
        throw new IOException("expected an EC PRIVATE KEY, found " + (o == null ? "nothing" : o.getClass().getSimpleName()));
      }
      return new JcaPEMKeyConverter().getKeyPair(pair);
    }
  }

  static List<X509Certificate> readCertificates(String pem) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o; (o = parser.readObject()) != null; ) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (CertificateException e) {
      throw new IOException("invalid certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IOException("no certificate found");
    }
    return out;
  }

  private static String write(Object o) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }
}
