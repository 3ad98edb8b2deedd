package dev.capstan.bench;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The load generator's HTTP side: the JDK client (HTTP/2 or HTTP/1.1 over TLS), with the admin's client
 * certificate from a kubeconfig, or trusting anything for the mock server's self-signed certificate.
 */
final class Http {
  private static final Pattern RV = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

  private Http() {}

  /** A server's URL and the TLS context that reaches it. */
  record Endpoint(String url, SSLContext tls) {
    HttpClient client(HttpClient.Version version) {
      return HttpClient.newBuilder().version(version).sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }
  }

  /** The server URL, CA and admin credentials of a kubeconfig Capstan wrote. */
  static Endpoint fromKubeconfig(Path kubeconfig) throws Exception {
    String yaml = Files.readString(kubeconfig);
    String ca = field(yaml, "certificate-authority-data");
    String cert = field(yaml, "client-certificate-data");
    String key = field(yaml, "client-key-data");
    Matcher server = Pattern.compile("server: (\\S+)").matcher(yaml);
    if (!server.find()) {
      throw new IllegalStateException("no server in " + kubeconfig);
    }
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate caCert = (X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(ca.getBytes(
        StandardCharsets.UTF_8)));
    Certificate clientCert = cf.generateCertificate(new java.io.ByteArrayInputStream(cert.getBytes(
        StandardCharsets.UTF_8)));
    PrivateKey privateKey;
    try (PEMParser parser = new PEMParser(new StringReader(key))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      privateKey = o instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
          : converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
    }
    KeyStore keys = KeyStore.getInstance("JKS");
    keys.load(null, null);
    keys.setKeyEntry("admin", privateKey, new char[0], new Certificate[] {clientCert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("JKS");
    trust.load(null, null);
    trust.setCertificateEntry("ca", caCert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return new Endpoint(server.group(1), ssl);
  }

  /** For the mock server's self-signed certificate, and for timing a start before any kubeconfig exists. */
  static SSLContext trustAll() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ssl;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String field(String yaml, String name) {
    Matcher m = Pattern.compile(name + ": (\\S+)").matcher(yaml);
    if (!m.find()) {
      throw new IllegalStateException("kubeconfig has no " + name);
    }
    return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
  }

  static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).GET().build();
  }

  static HttpRequest post(String url, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  static HttpRequest mergePatch(String url, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  static HttpRequest put(String url, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** A server-side apply by {@code manager} (JSON is YAML), forcing ownership as controllers usually do. */
  static HttpRequest apply(String url, String manager, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url + "?fieldManager=" + manager + "&force=true"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/apply-patch+yaml")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** Sends and fails unless the status is {@code expected}; returns the body. */
  static byte[] expect(HttpClient client, HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = send(client, request);
    if (r.statusCode() != expected) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      throw new IOException(request.method() + " " + request.uri().getPath() + ": " + r.statusCode() + " "
          + body.substring(0, Math.min(200, body.length())));
    }
    return r.body();
  }

  /** The first resourceVersion in a JSON document (a list's own comes first), read without decoding it. */
  static String resourceVersion(byte[] json) {
    Matcher m = RV.matcher(new String(json, 0, Math.min(json.length, 4096), StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IllegalStateException("no resourceVersion in the response");
    }
    return m.group(1);
  }

  /** A ConfigMap of about {@code bytes} bytes, as JSON. */
  static byte[] configMap(String namespace, String name, int bytes) {
    return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
        + namespace + "\",\"labels\":{\"bench\":\"capstan\"}},\"data\":{\"bseq\":\"0:0:0\",\"payload\":\""
        + "x".repeat(Math.max(0, bytes - 200)) + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] namespace(String name) {
    return ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
