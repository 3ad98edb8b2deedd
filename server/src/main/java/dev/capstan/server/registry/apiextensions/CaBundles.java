package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A webhook's caBundle: PEM data holding at least one certificate, as upstream's certificate pool loading wants. */
final class CaBundles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private CaBundles() {}

  /** @param base64 the field as JSON carries it */
  static List<FieldError> validate(String base64, String path) {
    byte[] data;
    try {
      data = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    String why = problem(data);
    return why == null ? List.of() : List.of(FieldError.invalid(path, Rules.goBytes(data), why));
  }

  static boolean valid(String base64) {
    try {
      return problem(Base64.getMimeDecoder().decode(base64)) == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String problem(byte[] data) {
    Matcher m = BLOCK.matcher(new String(data, StandardCharsets.ISO_8859_1));
    boolean any = false;
    while (m.find()) {
      if (!m.group(1).equals("CERTIFICATE")) {
        continue;
      }
      try {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        any = true;
      } catch (IllegalArgumentException | CertificateException e) {
        return "x509: malformed certificate";
      }
    }
    return any ? null : "data does not contain any valid RSA or ECDSA certificates";
  }
}
