package dev.capstan.server.authn;

import dev.capstan.api.ApiException;
import dev.capstan.api.AuthenticationRequest;
import dev.capstan.api.Authenticator;
import dev.capstan.api.UserInfo;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates client certificates signed by the cluster CA: the subject's CN is the user, each O a group.
 * The TLS layer accepts any certificate so that a bad one is answered 401 here, as upstream answers it, rather
 * than by a failed handshake; so this class is the whole check: chain, validity period and client-auth usage.
 */
public final class X509Authenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(X509Authenticator.class);
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  /** Chains verified so far; PKIX validation costs more than the rest of a small request. */
  private static final int VERIFIED_CACHE = 1_024;

  private final X509Certificate ca;
  private final Clock clock;
  private final Map<List<X509Certificate>, UserInfo> verified = new java.util.concurrent.ConcurrentHashMap<>();

  public X509Authenticator(X509Certificate ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
  }

  @Override
  public java.util.Optional<UserInfo> authenticate(AuthenticationRequest request) {
    List<X509Certificate> chain = request.clientCertificates();
    if (chain.isEmpty()) {
      return java.util.Optional.empty();
    }
    X509Certificate leaf = chain.get(0);
    UserInfo known = verified.get(chain);
    if (known != null && withinValidity(chain)) {
      return java.util.Optional.of(known);
    }
    try {
      verify(chain);
    } catch (GeneralSecurityException e) {
      LOG.info("client certificate {} rejected: {}", leaf.getSubjectX500Principal(), e.getMessage());
      throw ApiException.unauthorized();
    }
    String user = "";
    List<String> groups = new ArrayList<>();
    try {
      // getRdns() lists RDNs in certificate (ASN.1) order, which is the order upstream reports groups in.
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          user = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      throw ApiException.unauthorized();
    }
    if (user.isEmpty()) {
      LOG.info("client certificate {} rejected: no common name", leaf.getSubjectX500Principal());
      throw ApiException.unauthorized();
    }
    if (!groups.contains(UserInfo.AUTHENTICATED)) {
      groups.add(UserInfo.AUTHENTICATED);
    }
    UserInfo info = new UserInfo(user, "", groups, Map.of());
    if (verified.size() >= VERIFIED_CACHE) {
      verified.clear(); // crude but bounded: a client presents the same certificate request after request
    }
    verified.put(List.copyOf(chain), info);
    return java.util.Optional.of(info);
  }

  /** A chain verified before stays good while every certificate in it is within its validity period. */
  private boolean withinValidity(List<X509Certificate> chain) {
    Date now = Date.from(clock.instant());
    try {
      for (X509Certificate c : chain) {
        c.checkValidity(now);
      }
      return true;
    } catch (GeneralSecurityException e) {
      verified.remove(chain);
      return false;
    }
  }

  private void verify(List<X509Certificate> chain) throws GeneralSecurityException {
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (!c.equals(ca)) {
        path.add(c);
      }
    }
    if (path.isEmpty()) {
      throw new GeneralSecurityException("the CA certificate itself is not a client certificate");
    }
    CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(clock.instant()));
    CertPathValidator.getInstance("PKIX").validate(certPath, params);
    List<String> usages = path.get(0).getExtendedKeyUsage();
    if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
      throw new GeneralSecurityException("certificate is not for client authentication");
    }
  }
}
