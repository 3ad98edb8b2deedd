package dev.capstan.server.conversion;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS trust of one webhook: exactly the CAs of its {@code caBundle} (the JDK's default roots when it has none),
 * and a certificate valid for the host name kube-apiserver would check ({@code <name>.<namespace>.svc} for a
 * service). Failures carry Go's x509 wording, since that is what users compare with a real cluster.
 */
final class WebhookTls {
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([^-\\r\\n]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

  private WebhookTls() {}

  /** A certificate check failed; the message is Go's x509 error text. */
  static final class VerificationFailure extends CertificateException {
    private static final long serialVersionUID = 1L;

    VerificationFailure(String goMessage) {
      super(goMessage);
    }
  }

  /** The CA bundle could not be used; the message is client-go's. */
  static final class BadBundle extends Exception {
    private static final long serialVersionUID = 1L;

    BadBundle(String message) {
      super(message);
    }
  }

  /**
   * @param caBundle PEM bytes, empty for the JDK's default roots
   * @param host the name (or IP literal) the server certificate must be valid for
   */
  static SSLContext context(byte[] caBundle, String host, Clock clock) throws BadBundle {
    try {
      X509TrustManager roots = roots(caBundle);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new HostTrust(roots, host, clock)}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot set up TLS", e);
    }
  }

  private static X509TrustManager roots(byte[] caBundle) throws BadBundle, GeneralSecurityException {
    KeyStore store = null;
    if (caBundle.length > 0) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        store.load(null, null);
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException(e);
      }
      int i = 0;
      for (X509Certificate ca : parseBundle(caBundle)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  /**
   * The certificates of a PEM bundle, read as Go's CertPool.AppendCertsFromPEM reads it (other blocks and
   * unparsable certificates are skipped), failing with client-go's messages when nothing usable is left.
   */
  static List<X509Certificate> parseBundle(byte[] pem) throws BadBundle {
    String text = new String(pem, StandardCharsets.ISO_8859_1);
    List<X509Certificate> out = new ArrayList<>();
    String firstProblem = null;
    Matcher m = PEM_BLOCK.matcher(text);
    boolean anyBlock = false;
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    while (m.find()) {
      anyBlock = true;
      if (!m.group(1).equals("CERTIFICATE")) {
        continue;
      }
      try {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException e) {
        if (firstProblem == null) {
          firstProblem = "failed to parse certificate: " + e.getMessage();
        }
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    String why = !anyBlock ? "unable to parse bytes as PEM block"
        : firstProblem != null ? firstProblem : "no valid certificate authority data seen";
    throw new BadBundle("unable to load root certificates: " + why);
  }

  /** Checks as Go's x509 Verify does, in its order: validity period, host name, then the chain to a root. */
  private static final class HostTrust extends X509ExtendedTrustManager {
    private final X509TrustManager roots;
    private final String host;
    private final Clock clock;

    HostTrust(X509TrustManager roots, String host, Clock clock) {
      this.roots = roots;
      this.host = host;
      this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      verify(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      verify(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      verify(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a webhook client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a webhook client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a webhook client does not accept client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return roots.getAcceptedIssuers();
    }

    private void verify(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new VerificationFailure("x509: certificate signed by unknown authority");
      }
      X509Certificate leaf = chain[0];
      Instant now = clock.instant();
      try {
        leaf.checkValidity(java.util.Date.from(now));
      } catch (CertificateExpiredException e) {
        throw new VerificationFailure(expired(now, "after", leaf.getNotAfter().toInstant()));
      } catch (CertificateNotYetValidException e) {
        throw new VerificationFailure(expired(now, "before", leaf.getNotBefore().toInstant()));
      }
      String hostError = Hostnames.verify(leaf, host);
      if (hostError != null) {
        throw new VerificationFailure(hostError);
      }
      try {
        roots.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw new VerificationFailure("x509: certificate signed by unknown authority" + hint(leaf));
      }
    }

    private static String expired(Instant now, String relation, Instant bound) {
      DateTimeFormatter rfc3339 = DateTimeFormatter.ISO_INSTANT;
      return "x509: certificate has expired or is not yet valid: current time "
          + rfc3339.format(now.truncatedTo(ChronoUnit.SECONDS)) + " is " + relation + " "
          + rfc3339.format(bound.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Go's explanation when a trusted CA carries the issuer's name but did not sign the certificate (e.g. a CA
     * regenerated under the same name): the first such root is the one Go reports.
     */
    private String hint(X509Certificate leaf) {
      X500Principal issuer = leaf.getIssuerX500Principal();
      for (X509Certificate root : roots.getAcceptedIssuers()) {
        if (!root.getSubjectX500Principal().equals(issuer)) {
          continue;
        }
        try {
          leaf.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
          String why = switch (root.getPublicKey().getAlgorithm()) {
            case "EC" -> "x509: ECDSA verification failure";
            case "RSA" -> "crypto/rsa: verification error";
            default -> "x509: signature verification failure";
          };
          return " (possibly because of " + Go.quote(why) + " while trying to verify candidate authority certificate "
              + Go.quote(Hostnames.displayName(root)) + ")";
        }
      }
      return "";
    }
  }

  /** Go's host name rules for server certificates (SANs only; a wildcard covers exactly one leftmost label). */
  static final class Hostnames {
    private Hostnames() {}

    /** Null when {@code cert} is valid for {@code host}, else Go's HostnameError text. */
    static String verify(X509Certificate cert, String host) throws CertificateParsingException {
      String candidate = host.length() >= 3 && host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1) : host;
      List<String> dnsNames = new ArrayList<>();
      List<InetAddress> ips = new ArrayList<>();
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          String value = String.valueOf(san.get(1));
          if (type == 2) {
            dnsNames.add(value);
          } else if (type == 7) {
            InetAddress ip = ipLiteral(value);
            if (ip != null) {
              ips.add(ip);
            }
          }
        }
      }
      InetAddress ip = ipLiteral(candidate);
      if (ip != null) {
        if (ips.contains(ip)) {
          return null;
        }
        if (sans == null && matches(commonName(cert), candidate)) {
          return "x509: certificate relies on legacy Common Name field, use SANs instead";
        }
        if (ips.isEmpty()) {
          return "x509: cannot validate certificate for " + candidate + " because it doesn't contain any IP SANs";
        }
        List<String> valid = new ArrayList<>();
        ips.forEach(a -> valid.add(goIp(a)));
        return "x509: certificate is valid for " + String.join(", ", valid) + ", not " + candidate;
      }
      String name = host.toLowerCase(Locale.ROOT);
      for (String pattern : dnsNames) {
        if (matches(pattern, name)) {
          return null;
        }
      }
      if (sans == null && matches(commonName(cert), name)) {
        return "x509: certificate relies on legacy Common Name field, use SANs instead";
      }
      if (dnsNames.isEmpty()) {
        return "x509: certificate is not valid for any names, but wanted to match " + host;
      }
      return "x509: certificate is valid for " + String.join(", ", dnsNames) + ", not " + host;
    }

    static boolean matches(String pattern, String host) {
      if (pattern.isEmpty() || host.isEmpty()) {
        return false;
      }
      String p = trimDot(pattern.toLowerCase(Locale.ROOT));
      String h = trimDot(host.toLowerCase(Locale.ROOT));
      String[] pl = p.split("\\.", -1);
      String[] hl = h.split("\\.", -1);
      if (pl.length != hl.length) {
        return false;
      }
      for (int i = 0; i < pl.length; i++) {
        if (i == 0 && pl[i].equals("*") && pl.length > 2) {
          continue;
        }
        if (!pl[i].equals(hl[i])) {
          return false;
        }
      }
      return true;
    }

    /** The name Go shows for a certificate: its CN, else its first O, else its serial. */
    static String displayName(X509Certificate cert) {
      String cn = commonName(cert);
      if (!cn.isEmpty()) {
        return cn;
      }
      String o = attribute(cert.getSubjectX500Principal(), "O");
      return !o.isEmpty() ? o : "serial:" + cert.getSerialNumber();
    }

    private static String commonName(X509Certificate cert) {
      return attribute(cert.getSubjectX500Principal(), "CN");
    }

    private static String attribute(X500Principal name, String key) {
      try {
        for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(name.getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase(key)) {
            return String.valueOf(rdn.getValue());
          }
        }
      } catch (javax.naming.InvalidNameException e) {
        return "";
      }
      return "";
    }

    private static String trimDot(String s) {
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** An IPv4 or IPv6 literal as an address, never resolving a name; null when it is not one. */
    static InetAddress ipLiteral(String s) {
      boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
      boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
      if (!v4 && !v6) {
        return null;
      }
      try {
        return InetAddress.getByName(s);
      } catch (UnknownHostException e) {
        return null;
      }
    }

    /** An address as Go's net.IP.String prints it: IPv6 with the longest zero run compressed to "::". */
    static String goIp(InetAddress a) {
      if (a.getAddress().length == 4) {
        return a.getHostAddress();
      }
      byte[] b = a.getAddress();
      int[] groups = new int[8];
      for (int i = 0; i < 8; i++) {
        groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
      }
      int bestStart = -1;
      int bestLen = 0;
      for (int i = 0; i < 8; ) {
        if (groups[i] != 0) {
          i++;
          continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0) {
          j++;
        }
        if (j - i > bestLen && j - i >= 2) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      }
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          s.append("::");
          i += bestLen - 1;
          continue;
        }
        if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
          s.append(':');
        }
        s.append(Integer.toHexString(groups[i]));
      }
      return s.toString();
    }
  }
}
