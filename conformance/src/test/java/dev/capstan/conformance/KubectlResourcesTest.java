package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The first served resources (namespaces, configmaps, secrets) through real kubectl, as on a real cluster. */
class KubectlResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @TempDir
  Path tmp;

  @Test
  void theSystemNamespacesExistAndPrintAsATable() throws Exception {
    Kubectl.Result r = run("get", "namespaces");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<String> lines = r.stdout().lines().toList();
    assertThat(lines.get(0)).matches("NAME\\s+STATUS\\s+AGE");
    assertThat(lines.subList(1, lines.size())).extracting(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1])
        .contains("default Active", "kube-node-lease Active", "kube-public Active", "kube-system Active");
    JsonNode ns = JSON.readTree(run("get", "ns", "default", "-o", "json").stdout());
    assertThat(ns.at("/metadata/labels/kubernetes.io~1metadata.name").asString()).isEqualTo("default");
    assertThat(ns.at("/spec/finalizers/0").asString()).isEqualTo("kubernetes");
  }

  @Test
  void discoveryIsAggregatedSoEveryKubectlNeedsTwoRequests() throws Exception {
    for (Kubectl k : Kubectl.installed()) {
      Path cache = Files.createTempDirectory(tmp, "cache");
      Kubectl.Result r = k.run(SERVER.process().kubeconfig(), "--cache-dir", cache.toString(), "api-resources");
      assertThat(r.stdout()).as(k + ": " + r.stderr()).contains("configmaps", "namespaces", "secrets");
      assertThat(r.stdout().lines().filter(l -> l.startsWith("configmaps")).findFirst().orElseThrow())
          .matches("configmaps\\s+cm\\s+v1\\s+true\\s+ConfigMap");
    }
    // With aggregated discovery (v2, or v2beta1 for kubectl 1.27-1.29) no client falls back to /api/v1.
    assertThat(SERVER.process().log().lines().filter(l -> l.contains("URI=\"/api/v1?")).toList()).isEmpty();
  }

  @Test
  void configMapLifecycleWithUpstreamMessages() throws Exception {
    Path file = manifest("cm-life", "default");
    assertThat(run("create", "-f", file.toString(), "--validate=false").stdout())
        .isEqualTo("configmap/cm-life created\n");
    Kubectl.Result again = run("create", "-f", file.toString(), "--validate=false");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("Error from server (AlreadyExists): error when creating \"" + file
        + "\": configmaps \"cm-life\" already exists");

    List<String> table = run("get", "configmaps").stdout().lines().toList();
    assertThat(table.get(0)).matches("NAME\\s+DATA\\s+AGE");
    assertThat(table).anySatisfy(l -> assertThat(l).matches("cm-life\\s+2\\s+\\d+s"));

    JsonNode cm = JSON.readTree(run("get", "cm", "cm-life", "-o", "json").stdout());
    assertThat(cm.at("/data/a").asString()).isEqualTo("1");
    assertThat(cm.at("/metadata/uid").asString()).matches("[0-9a-f-]{36}");
    assertThat(cm.at("/metadata/resourceVersion").asString()).matches("\\d+");
    assertThat(cm.at("/metadata/creationTimestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    assertThat(run("delete", "cm", "cm-life").stdout()).isEqualTo("configmap \"cm-life\" deleted\n");
    Kubectl.Result gone = run("get", "cm", "cm-life");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.stderr()).contains("Error from server (NotFound): configmaps \"cm-life\" not found");
  }

  @Test
  void invalidNamesAndMissingNamespacesAreRefusedAsUpstreamRefusesThem() throws Exception {
    Kubectl.Result bad = run("create", "-f", manifest("Bad_Name", "default").toString(), "--validate=false");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).contains("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
        + "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
        + "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
        + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    Path elsewhere = manifest("cm-x", "no-such-namespace");
    Kubectl.Result missing = run("create", "-f", elsewhere.toString(), "--validate=false");
    assertThat(missing.stderr()).contains("Error from server (NotFound): error when creating \"" + elsewhere
        + "\": namespaces \"no-such-namespace\" not found");
  }

  @Test
  void createCommandsWorkFromEveryKubectlWhateverBodyEncodingItSends() throws Exception {
    // kubectl 1.32+ sends these bodies as protobuf, older ones as JSON.
    for (Kubectl k : Kubectl.installed()) {
      String suffix = k.toString().replace("kubectl", "k").replace(".", "-");
      Kubectl.Result cm = k.run(SERVER.process().kubeconfig(), "create", "configmap", "gen" + suffix,
          "--from-literal=a=b", "--from-literal=c=d");
      assertThat(cm.stdout()).as(k + ": " + cm.stderr()).isEqualTo("configmap/gen" + suffix + " created\n");
      JsonNode stored = JSON.readTree(run("get", "cm", "gen" + suffix, "-o", "json").stdout());
      assertThat(stored.get("data").toString()).isEqualTo("{\"a\":\"b\",\"c\":\"d\"}");
    }
    assertThat(run("create", "namespace", "team-a").stdout()).isEqualTo("namespace/team-a created\n");
    assertThat(run("-n", "team-a", "create", "secret", "generic", "pw", "--from-literal=password=hunter2").stdout())
        .isEqualTo("secret/pw created\n");
    JsonNode secret = JSON.readTree(run("-n", "team-a", "get", "secret", "pw", "-o", "json").stdout());
    assertThat(secret.at("/data/password").asString()).isEqualTo("aHVudGVyMg==");
    assertThat(secret.at("/type").asString()).isEqualTo("Opaque");
    Kubectl.Result bad = run("create", "namespace", "Bad");
    assertThat(bad.stderr()).contains("The Namespace \"Bad\" is invalid: metadata.name: Invalid value: \"Bad\": "
        + "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
  }

  @Test
  void everyNamespaceHasADefaultServiceAccount() throws Exception {
    run("create", "namespace", "with-sa");
    List<String> table = run("-n", "with-sa", "get", "serviceaccounts").stdout().lines().toList();
    assertThat(table.get(0)).matches("NAME\\s+SECRETS\\s+AGE");
    assertThat(table.get(1)).matches("default\\s+0\\s+\\d+s");
    assertThat(run("-n", "kube-system", "get", "sa", "default", "-o", "name").stdout())
        .isEqualTo("serviceaccount/default\n");
    assertThat(run("-n", "with-sa", "create", "serviceaccount", "robot").stdout())
        .isEqualTo("serviceaccount/robot created\n");
  }

  @Test
  void leasesAreServedInTheirGroupWithUpstreamValidation() throws Exception {
    Path lease = tmp.resolve("lease.yaml");
    Files.writeString(lease, "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: leader\nspec:\n"
        + "  holderIdentity: pod-a\n  leaseDurationSeconds: 15\n  renewTime: \"2026-11-29T04:00:00.000000Z\"\n");
    assertThat(run("create", "-f", lease.toString(), "--validate=false").stdout())
        .isEqualTo("lease.coordination.k8s.io/leader created\n");
    List<String> table = run("get", "leases").stdout().lines().toList();
    assertThat(table.get(0)).matches("NAME\\s+HOLDER\\s+AGE");
    assertThat(table.get(1)).matches("leader\\s+pod-a\\s+\\d+s");
    Files.writeString(lease, Files.readString(lease).replace("leader", "bad").replace("15", "0"));
    assertThat(run("create", "-f", lease.toString(), "--validate=false").stderr())
        .contains("The Lease \"bad\" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
    Files.writeString(lease, Files.readString(lease).replace("leaseDurationSeconds: 0", "leaseDurationSeconds: \"x\""));
    assertThat(run("create", "-f", lease.toString(), "--validate=false").stderr())
        .contains("Lease in version \"v1\" cannot be handled as a Lease: json: cannot unmarshal string into Go "
            + "struct field LeaseSpec.spec.leaseDurationSeconds of type int32");
  }

  @Test
  void rbacObjectsAreStoredAndValidatedAsUpstream() throws Exception {
    run("create", "namespace", "rbac");
    assertThat(run("-n", "rbac", "create", "role", "reader", "--verb=get,list", "--resource=configmaps").stdout())
        .isEqualTo("role.rbac.authorization.k8s.io/reader created\n");
    run("-n", "rbac", "create", "rolebinding", "rb", "--role=reader", "--user=jane", "--serviceaccount=rbac:robot");
    List<String> wide = run("-n", "rbac", "get", "rolebindings", "-o", "wide").stdout().lines().toList();
    assertThat(wide.get(0)).matches("NAME\\s+ROLE\\s+AGE\\s+USERS\\s+GROUPS\\s+SERVICEACCOUNTS");
    assertThat(wide.get(1)).matches("rb\\s+Role/reader\\s+\\d+s\\s+jane\\s+rbac/robot");
    assertThat(run("-n", "rbac", "get", "roles").stdout().lines().toList().get(0)).matches("NAME\\s+CREATED AT");
    Path bad = tmp.resolve("role.yaml");
    Files.writeString(bad, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: bad, namespace: "
        + "rbac}\nrules:\n- apiGroups: [\"\"]\n  resources: []\n- nonResourceURLs: [\"/healthz\"]\n  verbs: [get]\n");
    assertThat(run("create", "-f", bad.toString(), "--validate=false").stderr())
        .contains("The Role \"bad\" is invalid: \n"
            + "* rules[0].verbs: Required value: verbs must contain at least one value\n"
            + "* rules[0].resources: Required value: resource rules must supply at least one resource\n"
            + "* rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to "
            + "non-resource URLs");
    assertThat(run("-n", "rbac", "patch", "rolebinding", "rb", "--type", "merge", "-p",
        "{\"roleRef\":{\"name\":\"other\"}}").stderr()).contains("cannot change roleRef");
  }

  @Test
  void servicesGetAddressesAndPrintAsUpstream() throws Exception {
    List<String> kubernetes = run("-n", "default", "get", "service", "kubernetes").stdout().lines().toList();
    assertThat(kubernetes.get(0)).matches("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE");
    assertThat(kubernetes.get(1)).matches("kubernetes\\s+ClusterIP\\s+10\\.96\\.0\\.1\\s+<none>\\s+443/TCP\\s+\\S+");

    run("create", "namespace", "svc");
    assertThat(run("-n", "svc", "create", "service", "clusterip", "web", "--tcp=80:8080").stdout())
        .isEqualTo("service/web created\n");
    run("-n", "svc", "create", "service", "nodeport", "np", "--tcp=80:8080", "--node-port=30080");
    List<String> rows = run("-n", "svc", "get", "services", "-o", "wide").stdout().lines().toList();
    assertThat(rows).anySatisfy(l -> assertThat(l)
        .matches("np\\s+NodePort\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80:30080/TCP\\s+\\S+\\s+app=np"));
    assertThat(rows).anySatisfy(l -> assertThat(l)
        .matches("web\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP\\s+\\S+\\s+app=web"));
    JsonNode web = JSON.readTree(run("-n", "svc", "get", "svc", "web", "-o", "json").stdout());
    assertThat(web.at("/spec/clusterIPs/0").asString()).isEqualTo(web.at("/spec/clusterIP").asString());
    assertThat(web.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    assertThat(web.at("/spec/sessionAffinity").asString()).isEqualTo("None");

    assertThat(run("-n", "svc", "create", "service", "nodeport", "clash", "--tcp=81", "--node-port=30080").stderr())
        .contains("provided port is already allocated");
    assertThat(run("-n", "svc", "create", "service", "clusterip", "taken", "--tcp=80", "--clusterip=10.96.0.1")
        .stderr()).contains("spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP "
            + "10.96.0.1: provided IP is already allocated");
    // Deleting a service gives its node port back.
    run("-n", "svc", "delete", "service", "np");
    assertThat(run("-n", "svc", "create", "service", "nodeport", "again", "--tcp=80", "--node-port=30080").stdout())
        .isEqualTo("service/again created\n");
  }

  @Test
  void authWhoamiAndCanIAnswerForTheCaller() throws Exception {
    Kubectl.Result whoami = run("auth", "whoami");
    assertThat(whoami.stdout().lines().toList()).as(whoami.stderr()).containsExactly(
        "ATTRIBUTE   VALUE", "Username    kubernetes-admin", "Groups      [system:masters system:authenticated]");
    Kubectl.Result canI = run("auth", "can-i", "create", "configmaps", "-n", "kube-system");
    assertThat(canI.exitCode()).isZero();
    assertThat(canI.stdout()).isEqualTo("yes\n");
    assertThat(run("auth", "can-i", "get", "/healthz").stdout()).isEqualTo("yes\n");
  }

  @Test
  void labelAnnotateAndMergePatches() throws Exception {
    run("create", "-f", manifest("cm-patch", "default").toString(), "--validate=false");
    assertThat(run("label", "cm", "cm-patch", "tier=web").stdout()).isEqualTo("configmap/cm-patch labeled\n");
    assertThat(run("annotate", "cm", "cm-patch", "note=hi").stdout()).isEqualTo("configmap/cm-patch annotated\n");
    assertThat(run("patch", "cm", "cm-patch", "--type", "merge", "-p", "{\"data\":{\"a\":null,\"c\":\"3\"}}")
        .stdout()).isEqualTo("configmap/cm-patch patched\n");
    assertThat(run("patch", "cm", "cm-patch", "--type", "json", "-p",
        "[{\"op\":\"add\",\"path\":\"/data/e\",\"value\":\"5\"}]").stdout()).isEqualTo("configmap/cm-patch patched\n");
    JsonNode cm = JSON.readTree(run("get", "cm", "cm-patch", "-o", "json").stdout());
    assertThat(cm.at("/metadata/labels/tier").asString()).isEqualTo("web");
    assertThat(cm.at("/metadata/annotations/note").asString()).isEqualTo("hi");
    assertThat(cm.get("data").propertyNames()).containsExactlyInAnyOrder("b", "c", "e");
    Kubectl.Result rename = run("patch", "cm", "cm-patch", "--type", "merge", "-p",
        "{\"metadata\":{\"name\":\"other\"}}");
    assertThat(rename.stderr()).contains("the name of the object (other) does not match the name on the URL "
        + "(cm-patch)");
  }

  @Test
  void selectorsNarrowGetsAndDeletes() throws Exception {
    run("create", "namespace", "sel");
    for (String name : List.of("s-web", "s-db", "s-bare")) {
      run("-n", "sel", "create", "configmap", name);
    }
    run("-n", "sel", "label", "cm", "s-web", "app=web");
    run("-n", "sel", "label", "cm", "s-db", "app=db");
    assertThat(names(run("-n", "sel", "get", "cm", "-l", "app=web"))).containsExactly("s-web");
    assertThat(names(run("-n", "sel", "get", "cm", "-l", "app in (web,db)"))).containsExactly("s-db", "s-web");
    // As on a real cluster, every namespace holds kube-root-ca.crt too.
    assertThat(names(run("-n", "sel", "get", "cm", "--field-selector", "metadata.name!=s-web")))
        .containsExactly("kube-root-ca.crt", "s-bare", "s-db");
    assertThat(run("-n", "sel", "get", "cm", "--field-selector", "data.x=1").stderr())
        .contains("field label not supported: data.x");
    assertThat(run("-n", "sel", "delete", "cm", "-l", "app").stdout())
        .contains("configmap \"s-db\" deleted").contains("configmap \"s-web\" deleted");
    assertThat(names(run("-n", "sel", "get", "cm"))).containsExactly("kube-root-ca.crt", "s-bare");
  }

  private static List<String> names(Kubectl.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
  }

  @Test
  void serverSideDryRunChecksEverythingAndStoresNothing() throws Exception {
    Kubectl.Result created = run("create", "configmap", "dry", "--from-literal=a=b", "--dry-run=server", "-o", "json");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    JsonNode cm = JSON.readTree(created.stdout());
    assertThat(cm.at("/metadata/uid").asString()).isNotEmpty();
    assertThat(cm.at("/metadata/resourceVersion").isMissingNode()).isTrue();
    assertThat(run("get", "cm", "dry").stderr()).contains("configmaps \"dry\" not found");
    assertThat(run("create", "configmap", "Bad_Dry", "--dry-run=server").stderr())
        .contains("ConfigMap \"Bad_Dry\" is invalid: metadata.name: Invalid value: \"Bad_Dry\"");

    run("create", "configmap", "wet", "--from-literal=a=b");
    String rv = JSON.readTree(run("get", "cm", "wet", "-o", "json").stdout()).at("/metadata/resourceVersion").asString();
    assertThat(run("label", "cm", "wet", "x=y", "--dry-run=server").stdout())
        .isEqualTo("configmap/wet labeled (server dry run)\n");
    assertThat(run("delete", "cm", "wet", "--dry-run=server").stdout())
        .isEqualTo("configmap \"wet\" deleted (server dry run)\n");
    JsonNode after = JSON.readTree(run("get", "cm", "wet", "-o", "json").stdout());
    assertThat(after.at("/metadata/resourceVersion").asString()).isEqualTo(rv);
    assertThat(after.at("/metadata/labels").isMissingNode()).isTrue();
    assertThat(run("delete", "namespace", "default", "--dry-run=server").stderr()).contains("may not be deleted");
  }

  @Test
  void deletingANamespaceRemovesItsContent() throws Exception {
    run("create", "namespace", "gone");
    run("-n", "gone", "create", "configmap", "inside");
    run("-n", "gone", "create", "secret", "generic", "s", "--from-literal=x=y");
    Kubectl.Result deleted = run("delete", "namespace", "gone");
    assertThat(deleted.stdout()).as(deleted.stderr()).isEqualTo("namespace \"gone\" deleted\n");
    assertThat(run("get", "namespace", "gone").stderr()).contains("namespaces \"gone\" not found");
    assertThat(run("get", "configmaps", "-A").stdout()).doesNotContain("inside");
    assertThat(run("get", "secrets", "-A").stdout()).doesNotContain("gone");
    assertThat(run("delete", "namespace", "default").stderr())
        .contains("Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be "
            + "deleted");
  }

  @Test
  void getWatchPrintsNewRowsAsTheyHappen() throws Exception {
    Kubectl kubectl = Kubectl.defaultKubectl();
    Path out = tmp.resolve("watch.out");
    Process watch = new ProcessBuilder(kubectl.binary().toString(), "--kubeconfig",
        SERVER.process().kubeconfig().toString(), "get", "configmaps", "-w")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      // The first may arrive in the initial list or as an event; the second only as an event.
      run("create", "-f", manifest("cm-first", "default").toString(), "--validate=false");
      awaitContent(out, "cm-first");
      run("create", "-f", manifest("cm-watched", "default").toString(), "--validate=false");
      String seen = awaitContent(out, "cm-watched");
      assertThat(seen.lines().filter(l -> l.startsWith("cm-watched")).findFirst().orElseThrow())
          .matches("cm-watched\\s+2\\s+\\d+s");
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String awaitContent(Path file, String text) throws Exception {
    Await.until(Duration.ofSeconds(30), "'" + text + "' in the output", () -> read(file),
        () -> read(file).contains(text));
    return read(file);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private Path manifest(String name, String namespace) throws Exception {
    Path file = tmp.resolve(name + "-" + namespace + ".yaml");
    Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: "
        + namespace + "\ndata:\n  a: \"1\"\n  b: \"2\"\n");
    return file;
  }

  private static Kubectl.Result run(String... args) throws Exception {
    return Kubectl.defaultKubectl().run(SERVER.process().kubeconfig(), args);
  }
}
