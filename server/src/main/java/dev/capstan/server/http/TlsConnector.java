package dev.capstan.server.http;

import dev.capstan.server.pki.ClusterPki;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The one TLS port: ALPN offering {@code h2} and {@code http/1.1}, client certificates requested, not required. */
final class TlsConnector {
  /** kube-apiserver allows Go's 250 streams per HTTP/2 connection; one client-go connection carries every watch. */
  static final int MAX_CONCURRENT_STREAMS = 1000;

  private TlsConnector() {}

  static ServerConnector create(Server server, HttpConfiguration base, ClusterPki pki, String host, int port)
      throws Exception {
    HttpConfiguration https = new HttpConfiguration(base);
    https.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients reaching us by IP address send no SNI; the certificate's SANs cover the addresses.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);

    HttpConnectionFactory h1 = new HttpConnectionFactory(https);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
    h2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(h1.getProtocol());

    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(sslContext(pki), alpn.getProtocol()), alpn, h2, h1);
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  private static SslContextFactory.Server sslContext(ClusterPki pki) throws Exception {
    char[] password = new char[0];
    // In memory only, never written: JKS key protection skips the PBKDF2 rounds PKCS12 spends at every start.
    KeyStore keys = KeyStore.getInstance("JKS");
    keys.load(null, null);
    keys.setKeyEntry("apiserver", pki.servingKey().getPrivate(), password,
        pki.servingChain().toArray(Certificate[]::new));
    SslContextFactory.Server ssl = new ClientCertificateRequestingFactory(pki.caCertificate());
    ssl.setKeyStore(keys);
    ssl.setKeyStoreType("JKS");
    ssl.setKeyStorePassword("");
    ssl.setKeyManagerPassword("");
    ssl.setWantClientAuth(true);
    ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
    return ssl;
  }

  /**
   * Requests a client certificate naming the cluster CA as the acceptable issuer, and accepts whatever the
   * client presents: {@code X509Authenticator} verifies it and answers 401 for a bad one, as upstream does.
   */
  private static final class ClientCertificateRequestingFactory extends SslContextFactory.Server {
    private final X509Certificate ca;

    ClientCertificateRequestingFactory(X509Certificate ca) {
      this.ca = ca;
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
      return new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
          // verified per request by X509Authenticator
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          throw new CertificateException("a server connector does not check server certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[] {ca};
        }
      }};
    }
  }
}
