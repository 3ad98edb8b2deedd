package dev.capstan.server.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.server.Capstan;
import dev.capstan.server.ServerOptions;
import dev.capstan.server.StorageKind;
import dev.capstan.server.pki.ClusterPki;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Server-side apply and managed fields as a client sees them over HTTP. */
class ServerSideApplyHttpTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CM = "/api/v1/namespaces/default/configmaps/";

  @TempDir
  Path dir;
  private Capstan server;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = Capstan.start(new ServerOptions(dir, "127.0.0.1", 0, StorageKind.MEMORY, List.of(), List.of(), 0),
        Clock.systemUTC());
    client = HttpClient.newBuilder().sslContext(admin(ClusterPki.loadOrCreate(dir.resolve("pki"),
        List.of("localhost", "127.0.0.1"), Clock.systemUTC()))).version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("User-Agent",
        "kubectl/v1.33.0 (linux/amd64) kubernetes/abc");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return client.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> apply(String name, String query, String yaml) throws Exception {
    return send("PATCH", CM + name + query, "application/apply-patch+yaml", yaml);
  }

  private static String configMap(String name, String data) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n" + data;
  }

  @Test
  void applyCreatesChangesConflictsAndForces() throws Exception {
    HttpResponse<String> created = apply("cm", "?fieldManager=alice", configMap("cm", "  a: \"1\"\n  b: \"2\"\n"));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode fields = JSON.readTree(created.body()).at("/metadata/managedFields");
    assertThat(fields.size()).isEqualTo(1);
    assertThat(fields.get(0).path("manager").asString()).isEqualTo("alice");
    assertThat(fields.get(0).path("operation").asString()).isEqualTo("Apply");
    assertThat(fields.get(0).path("apiVersion").asString()).isEqualTo("v1");
    assertThat(fields.get(0).path("fieldsType").asString()).isEqualTo("FieldsV1");
    // With ConfigMap's schema, data is a declared field: the applier owns its keys, not the map itself.
    assertThat(fields.get(0).path("fieldsV1").toString())
        .isEqualTo("{\"f:data\":{\"f:a\":{},\"f:b\":{}}}");

    // alice stops applying b: it goes; she changes a.
    HttpResponse<String> changed = apply("cm", "?fieldManager=alice", configMap("cm", "  a: \"3\"\n"));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).path("data").toString()).isEqualTo("{\"a\":\"3\"}");

    // A merge patch without fieldManager is recorded for the User-Agent's program.
    HttpResponse<String> patched = send("PATCH", CM + "cm", "application/merge-patch+json",
        "{\"data\":{\"a\":\"4\"}}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(patched.body()).at("/metadata/managedFields").findValuesAsString("manager"))
        .contains("kubectl");

    HttpResponse<String> conflict = apply("cm", "?fieldManager=alice", configMap("cm", "  a: \"5\"\n"));
    assertThat(conflict.statusCode()).isEqualTo(409);
    JsonNode status = JSON.readTree(conflict.body());
    assertThat(status.path("reason").asString()).isEqualTo("Conflict");
    assertThat(status.path("message").asString())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\" using v1: .data.a");
    assertThat(status.at("/details/causes/0/reason").asString()).isEqualTo("FieldManagerConflict");
    assertThat(status.at("/details/causes/0/field").asString()).isEqualTo(".data.a");

    HttpResponse<String> forced = apply("cm", "?fieldManager=alice&force=true", configMap("cm", "  a: \"5\"\n"));
    assertThat(forced.statusCode()).isEqualTo(200);
    JsonNode object = JSON.readTree(forced.body());
    assertThat(object.at("/data/a").asString()).isEqualTo("5");
    JsonNode got = JSON.readTree(send("GET", CM + "cm", null, null).body());
    assertThat(got.at("/metadata/managedFields").findValuesAsString("manager")).containsExactly("alice");
  }

  @Test
  void badApplyRequestsAreRefusedAsUpstreamRefusesThem() throws Exception {
    HttpResponse<String> noManager = apply("cm", "", configMap("cm", "  a: \"1\"\n"));
    assertThat(noManager.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(noManager.body()).path("message").asString()).isEqualTo(
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    HttpResponse<String> notAnObject = apply("cm", "?fieldManager=a", "- 1\n- 2\n");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    HttpResponse<String> wrongKind = apply("cm", "?fieldManager=a", "apiVersion: v1\nkind: Secret\n");
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrongKind.body()).path("message").asString())
        .isEqualTo("invalid object type: /v1, Kind=Secret");
    HttpResponse<String> tooLong = send("POST", "/api/v1/namespaces/default/configmaps?fieldManager=" + "x".repeat(129),
        "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"y\"}}");
    assertThat(tooLong.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(tooLong.body()).path("message").asString()).isEqualTo(
        "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes");
    HttpResponse<String> dryRun = apply("dry", "?fieldManager=a&dryRun=All", configMap("dry", "  a: \"1\"\n"));
    assertThat(dryRun.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(dryRun.body()).at("/metadata/managedFields/0/manager").asString()).isEqualTo("a");
    assertThat(send("GET", CM + "dry", null, null).statusCode()).isEqualTo(404);
  }

  private static SSLContext admin(ClusterPki pki) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.caCertificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(pki.adminCertificatePem().getBytes(StandardCharsets.US_ASCII)));
    KeyPair key;
    try (PEMParser parser = new PEMParser(new StringReader(pki.adminKeyPem()))) {
      key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("admin", key.getPrivate(), new char[0], new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }
}
