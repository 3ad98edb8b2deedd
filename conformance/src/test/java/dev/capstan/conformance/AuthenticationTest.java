package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who a request is, and what the bootstrap authorizer lets them do, as Status bodies a client sees them. */
class AuthenticationTest {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @Test
  void anonymousMayReadOnlyThePublicInfo() throws Exception {
    HttpClient anonymous = TestCertificates.client(ca(), null);
    HttpResponse<String> version = get(anonymous, "/version");
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.body()).contains("\"major\": \"1\"").contains("\"minor\": \"33\"");
    assertThat(get(anonymous, "/healthz").body()).isEqualTo("ok");
    assertThat(get(anonymous, "/livez").body()).isEqualTo("ok");
    assertThat(get(anonymous, "/readyz").body()).isEqualTo("ok");

    HttpResponse<String> api = get(anonymous, "/api");
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(api.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"forbidden: User \\\"system:anonymous\\\" cannot get path \\\"/api\\\"\","
        + "\"reason\":\"Forbidden\",\"details\":{},\"code\":403}");
    assertThat(get(anonymous, "/readyz/etcd").statusCode()).isEqualTo(403);
  }

  @Test
  void kubectlCreateTokenGivesABearerTokenForTheServiceAccount() throws Exception {
    Kubectl kubectl = Kubectl.defaultKubectl();
    assertThat(kubectl.run(SERVER.process().kubeconfig(), "create", "serviceaccount", "robot").exitCode()).isZero();
    Kubectl.Result created = kubectl.run(SERVER.process().kubeconfig(), "create", "token", "robot");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    String token = created.stdout().trim();
    assertThat(token.split("\\.")).hasSize(3);

    // The token alone (the admin kubeconfig would also present its client certificate, which wins).
    Kubectl.Result whoami = kubectl.run(java.nio.file.Path.of("/dev/null"), "--server", SERVER.process().url(),
        "--certificate-authority", SERVER.dataDir().resolve("pki/ca.crt").toString(), "--token", token, "auth",
        "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}");
    assertThat(whoami.stdout()).as(whoami.stderr()).isEqualTo("system:serviceaccount:default:robot "
        + "[\"system:serviceaccounts\",\"system:serviceaccounts:default\",\"system:authenticated\"]");

    Kubectl.Result tooShort = kubectl.run(SERVER.process().kubeconfig(), "create", "token", "robot",
        "--duration=5m");
    assertThat(tooShort.stderr()).isEqualTo("error: failed to create token: TokenRequest.authentication.k8s.io "
        + "\"robot\" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 "
        + "minutes\n");

    // A token stops working with its service account, and a token this server did not issue never works.
    assertThat(kubectl.run(SERVER.process().kubeconfig(), "delete", "serviceaccount", "robot").exitCode()).isZero();
    HttpClient anonymous = TestCertificates.client(ca(), null);
    for (String bearer : List.of(token, "not-a-token")) {
      HttpResponse<String> r = anonymous.send(HttpRequest.newBuilder(URI.create(SERVER.process().url() + "/version"))
          .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).contains("\"reason\":\"Unauthorized\"");
    }
  }

  @Test
  void aResourceRequestIsDeniedWithUpstreamsWording() throws Exception {
    HttpClient anonymous = TestCertificates.client(ca(), null);
    HttpResponse<String> pods = get(anonymous, "/api/v1/namespaces/default/pods");
    assertThat(pods.statusCode()).isEqualTo(403);
    assertThat(pods.body()).contains("\"message\":\"pods is forbidden: User \\\"system:anonymous\\\" cannot list "
        + "resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"default\\\"\"")
        .contains("\"details\":{\"kind\":\"pods\"}");
  }

  @Test
  void aCertificateFromTheClusterCaNamesTheUser() throws Exception {
    HttpClient jane = TestCertificates.client(ca(),
        TestCertificates.signedByClusterCa(SERVER.dataDir(), "CN=jane,O=dev,O=qa"));
    HttpResponse<String> review = jane.send(HttpRequest.newBuilder(URI.create(SERVER.process().url()
        + "/apis/authentication.k8s.io/v1/selfsubjectreviews")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\","
            + "\"kind\":\"SelfSubjectReview\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(review.statusCode()).as(review.body()).isEqualTo(201);
    assertThat(review.body()).contains("\"userInfo\":{\"username\":\"jane\",\"groups\":[\"dev\",\"qa\","
        + "\"system:authenticated\"]}");
    // Discovery is open to every authenticated user (upstream's system:discovery binding); resources are not.
    assertThat(get(jane, "/api").statusCode()).isEqualTo(200);
    HttpResponse<String> pods = get(jane, "/api/v1/namespaces/default/pods");
    assertThat(pods.statusCode()).isEqualTo(403);
    assertThat(pods.body()).contains("pods is forbidden: User \\\"jane\\\" cannot list resource \\\"pods\\\"");
    assertThat(get(jane, "/version").statusCode()).isEqualTo(200);
  }

  @Test
  void anExpiredCertificateIsUnauthorizedEvenForPublicPaths() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    HttpClient expired = TestCertificates.client(ca(), TestCertificates.signedByClusterCa(SERVER.dataDir(),
        "CN=kubernetes-admin,O=system:masters", now.minusSeconds(7200), now.minusSeconds(3600)));
    HttpResponse<String> r = get(expired, "/version");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
  }

  private static X509Certificate ca() throws Exception {
    return TestCertificates.clusterCa(SERVER.dataDir());
  }

  private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(SERVER.process().url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
