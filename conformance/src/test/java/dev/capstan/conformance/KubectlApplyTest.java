package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How most people change objects, through the oldest and newest kubectl we support: client-side and server-side
 * apply, diff, explain, edit, rollout restart, set image, the three patch types, server dry runs and field
 * validation, each printing what it prints against a real cluster.
 */
class KubectlApplyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @TempDir
  Path tmp;

  static List<Kubectl> kubectls() throws Exception {
    return Kubectl.versions("1.33", "1.27");
  }

  private static String deployment(String ns, int replicas, String image, String extraLabel) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: %s
          labels: {app: web%s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: %s
                env: [{name: MODE, value: prod}]
        """.formatted(ns, extraLabel.isEmpty() ? "" : ", " + extraLabel, replicas, image);
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void clientSideApplyCreatesChangesAndRemovesWhatTheManifestDrops(Kubectl k) throws Exception {
    String ns = namespace(k, "csa");
    Path file = write("d.yaml", deployment(ns, 2, "nginx:1.27", "tier: front"));
    assertThat(ok(k, "apply", "-f", file.toString())).isEqualTo("deployment.apps/web created\n");
    assertThat(ok(k, "apply", "-f", file.toString())).isEqualTo("deployment.apps/web unchanged\n");

    write("d.yaml", deployment(ns, 3, "nginx:1.28", ""));
    assertThat(ok(k, "apply", "-f", file.toString())).isEqualTo("deployment.apps/web configured\n");
    JsonNode d = get(k, ns, "deployment", "web");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(d.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:1.28");
    assertThat(d.at("/metadata/labels").has("tier")).as("a label the manifest dropped is removed").isFalse();
    assertThat(d.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asString())
        .contains("\"replicas\":3");
    assertThat(managers(d)).contains("kubectl-client-side-apply");

    // A change made by someone else to a field the manifest does not name survives the next apply.
    ok(k, "-n", ns, "label", "deployment", "web", "owner=ops");
    write("d.yaml", deployment(ns, 4, "nginx:1.28", ""));
    assertThat(ok(k, "apply", "-f", file.toString())).isEqualTo("deployment.apps/web configured\n");
    d = get(k, ns, "deployment", "web");
    assertThat(d.at("/metadata/labels/owner").asString()).isEqualTo("ops");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(4);

    assertThat(ok(k, "apply", "-f", file.toString(), "--dry-run=server"))
        .isEqualTo("deployment.apps/web unchanged (server dry run)\n");
    write("d.yaml", deployment(ns, 9, "nginx:1.28", ""));
    assertThat(ok(k, "apply", "-f", file.toString(), "--dry-run=server"))
        .isEqualTo("deployment.apps/web configured (server dry run)\n");
    assertThat(get(k, ns, "deployment", "web").at("/spec/replicas").asInt()).as("a dry run stores nothing")
        .isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void serverSideApplyOwnsFieldsAndReportsConflicts(Kubectl k) throws Exception {
    String ns = namespace(k, "ssa");
    Path file = write("d.yaml", deployment(ns, 2, "nginx:1.27", ""));
    assertThat(ok(k, "apply", "--server-side", "-f", file.toString()))
        .isEqualTo("deployment.apps/web serverside-applied\n");
    JsonNode d = get(k, ns, "deployment", "web");
    assertThat(managers(d)).contains("kubectl");
    JsonNode entry = managedFields(d, "kubectl");
    assertThat(entry.path("operation").asString()).isEqualTo("Apply");
    assertThat(entry.at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();

    Path other = write("other.yaml", deployment(ns, 5, "nginx:1.27", ""));
    Kubectl.Result conflict = run(k, "apply", "--server-side", "--field-manager=other", "-f", other.toString());
    assertThat(conflict.exitCode()).isNotZero();
    assertThat(conflict.stderr()).containsPattern(
        "Apply failed with 1 conflict: conflict with \"kubectl\"( using apps/v1)?: \\.spec\\.replicas");
    assertThat(get(k, ns, "deployment", "web").at("/spec/replicas").asInt()).isEqualTo(2);

    assertThat(ok(k, "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", other.toString()))
        .isEqualTo("deployment.apps/web serverside-applied\n");
    d = get(k, ns, "deployment", "web");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(managedFields(d, "kubectl").at("/fieldsV1/f:spec").has("f:replicas"))
        .as("forcing takes the field from its former manager").isFalse();
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void diffExitsOneWithTheChangeAndZeroWhenEqual(Kubectl k) throws Exception {
    String ns = namespace(k, "diff");
    Path file = write("d.yaml", deployment(ns, 2, "nginx:1.27", ""));
    ok(k, "apply", "-f", file.toString());
    Kubectl.Result same = run(k, "diff", "-f", file.toString());
    assertThat(same.exitCode()).as(same.stderr()).isZero();
    assertThat(same.stdout()).isEmpty();

    write("d.yaml", deployment(ns, 3, "nginx:1.27", ""));
    Kubectl.Result changed = run(k, "diff", "-f", file.toString());
    assertThat(changed.exitCode()).as(changed.stderr()).isEqualTo(1);
    assertThat(changed.stdout()).contains("-  replicas: 2").contains("+  replicas: 3")
        .doesNotContain("resourceVersion");
    assertThat(get(k, ns, "deployment", "web").at("/spec/replicas").asInt()).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void explainDescribesFieldsAndTheirTypes(Kubectl k) throws Exception {
    String out = ok(k, "explain", "deployment.spec.template.spec.containers");
    assertThat(out).containsPattern("KIND:\\s+Deployment").containsPattern("VERSION:\\s+(apps/)?v1")
        .containsPattern("containers\\s+<\\[\\](Container|Object)>")
        .containsPattern("\\n\\s+name\\s+<string>\\s+-required-")
        .containsPattern("\\n\\s+image\\s+<string>")
        .containsPattern("\\n\\s+ports\\s+<\\[\\](ContainerPort|Object)>");
    assertThat(ok(k, "explain", "configmaps")).containsPattern("KIND:\\s+ConfigMap")
        .containsPattern("\\n\\s+data\\s+<map\\[string\\]string>");
    Kubectl.Result missing = run(k, "explain", "deployment.spec.nonsense");
    assertThat(missing.exitCode()).isNotZero();
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void editRolloutRestartSetImageAndPatchChangeTheObject(Kubectl k) throws Exception {
    String ns = namespace(k, "edit");
    ok(k, "apply", "-f", write("d.yaml", deployment(ns, 2, "nginx:1.27", "")).toString());

    Path editor = write("editor.sh", "#!/bin/sh\nsed -i -e 's/replicas: 2/replicas: 6/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    Kubectl.Result edited = k.run(Map.of("KUBE_EDITOR", editor.toString()), SERVER.process().kubeconfig(),
        "-n", ns, "edit", "deployment", "web");
    assertThat(edited.stdout()).as(edited.stderr()).isEqualTo("deployment.apps/web edited\n");
    assertThat(get(k, ns, "deployment", "web").at("/spec/replicas").asInt()).isEqualTo(6);

    assertThat(ok(k, "-n", ns, "rollout", "restart", "deployment/web")).isEqualTo("deployment.apps/web restarted\n");
    assertThat(get(k, ns, "deployment", "web")
        .at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asString()).isNotEmpty();

    assertThat(ok(k, "-n", ns, "set", "image", "deployment/web", "app=nginx:1.29"))
        .isEqualTo("deployment.apps/web image updated\n");
    JsonNode d = get(k, ns, "deployment", "web");
    assertThat(d.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:1.29");
    assertThat(d.at("/spec/template/spec/containers/0/env/0/value").asString()).isEqualTo("prod");

    // Strategic merge adds a container by its name; merge patch replaces the list; JSON patch edits one entry.
    assertThat(ok(k, "-n", ns, "patch", "deployment", "web", "--type", "strategic", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"busybox\"}]}}}}"))
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(get(k, ns, "deployment", "web").at("/spec/template/spec/containers").size()).isEqualTo(2);
    assertThat(ok(k, "-n", ns, "patch", "deployment", "web", "--type", "json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/1/image\",\"value\":\"busybox:2\"}]"))
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(get(k, ns, "deployment", "web").at("/spec/template/spec/containers/1/image").asString())
        .isEqualTo("busybox:2");
    assertThat(ok(k, "-n", ns, "patch", "deployment", "web", "--type", "merge", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"nginx\"}]}}}}"))
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(get(k, ns, "deployment", "web").at("/spec/template/spec/containers").size()).isEqualTo(1);
    assertThat(ok(k, "-n", ns, "patch", "deployment", "web", "--type", "merge", "-p",
        "{\"spec\":{\"replicas\":6}}")).isEqualTo("deployment.apps/web patched (no change)\n");
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void fieldValidationFailsOrWarnsAboutUnknownFields(Kubectl k) throws Exception {
    String ns = namespace(k, "validate");
    String manifest = deployment(ns, 1, "nginx", "").replace("  replicas: 1\n", "  replicas: 1\n  replicaz: 2\n");
    Path file = write("bad.yaml", manifest);
    Kubectl.Result strict = run(k, "create", "--validate=strict", "-f", file.toString());
    assertThat(strict.exitCode()).isNotZero();
    assertThat(strict.stderr()).contains("Error from server (BadRequest): error when creating \"" + file
        + "\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
        + "unknown field \"spec.replicaz\"");
    assertThat(run(k, "-n", ns, "get", "deployment", "web").exitCode()).isNotZero();

    Kubectl.Result warn = run(k, "create", "--validate=warn", "-f", file.toString());
    assertThat(warn.stdout()).as(warn.stderr()).isEqualTo("deployment.apps/web created\n");
    assertThat(warn.stderr()).contains("Warning: unknown field \"spec.replicaz\"");
    assertThat(get(k, ns, "deployment", "web").at("/spec").has("replicaz")).as("unknown fields are dropped")
        .isFalse();

    // The status and scale subresources drop and report unknown fields the same way.
    Kubectl.Result status = run(k, "-n", ns, "patch", "deployment", "web", "--subresource=status", "--type=merge",
        "-p", "{\"status\":{\"bogus\":1,\"replicas\":2}}");
    assertThat(status.stdout()).as(status.stderr()).isEqualTo("deployment.apps/web patched\n");
    assertThat(status.stderr()).contains("Warning: unknown field \"status.bogus\"");
    assertThat(get(k, ns, "deployment", "web").at("/status").toString()).isEqualTo("{\"replicas\":2}");
    Kubectl.Result scale = run(k, "-n", ns, "patch", "deployment", "web", "--subresource=scale", "--type=merge",
        "-p", "{\"spec\":{\"replicas\":3,\"nope\":1}}");
    assertThat(scale.stdout()).as(scale.stderr()).isEqualTo("scale.autoscaling/web patched\n");
    assertThat(scale.stderr()).contains("Warning: unknown field \"spec.nope\"");
    assertThat(get(k, ns, "deployment", "web").at("/spec/replicas").asInt()).isEqualTo(3);
  }

  private static List<String> managers(JsonNode object) {
    List<String> out = new java.util.ArrayList<>();
    object.at("/metadata/managedFields").forEach(e -> out.add(e.path("manager").asString()));
    return out;
  }

  private static JsonNode managedFields(JsonNode object, String manager) {
    for (JsonNode e : object.at("/metadata/managedFields")) {
      if (e.path("manager").asString().equals(manager)) {
        return e;
      }
    }
    throw new AssertionError("no managedFields entry for " + manager + " in " + object.at("/metadata"));
  }

  private String namespace(Kubectl k, String prefix) throws Exception {
    String ns = prefix + "-" + k.toString().replaceAll("[^0-9]", "");
    ok(k, "create", "namespace", ns);
    return ns;
  }

  private static JsonNode get(Kubectl k, String ns, String kind, String name) throws Exception {
    return JSON.readTree(ok(k, "-n", ns, "get", kind, name, "-o", "json", "--show-managed-fields"));
  }

  private Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static String ok(Kubectl k, String... args) throws Exception {
    Kubectl.Result r = run(k, args);
    assertThat(r.exitCode()).as(k + " " + String.join(" ", args) + ": " + r.stderr()).isZero();
    return r.stdout();
  }

  private static Kubectl.Result run(Kubectl k, String... args) throws Exception {
    return k.run(SERVER.process().kubeconfig(), args);
  }
}
