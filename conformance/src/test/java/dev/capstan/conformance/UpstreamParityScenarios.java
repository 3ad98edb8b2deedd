package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios written once and run against every {@link Cluster}: Capstan always, and k3s where Docker exists, so
 * the expectations themselves are checked against upstream. Each scenario uses a namespace of its own.
 */
abstract class UpstreamParityScenarios {
  @TempDir
  Path tmp;

  abstract Cluster cluster();

  private Kubectl.Result run(String... args) throws Exception {
    return Kubectl.defaultKubectl().run(cluster().kubeconfig(), args);
  }

  private void namespace(String name) throws Exception {
    assertThat(run("create", "namespace", name).exitCode()).isZero();
  }

  @Test
  void notFoundAndAlreadyExistsAreWordedAsUpstream() throws Exception {
    namespace("parity-errors");
    Kubectl.Result missing = run("-n", "parity-errors", "get", "configmap", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).isEqualTo("Error from server (NotFound): configmaps \"nope\" not found\n");
    assertThat(run("-n", "parity-errors", "create", "configmap", "twice").exitCode()).isZero();
    Kubectl.Result again = run("-n", "parity-errors", "create", "configmap", "twice");
    assertThat(again.stderr()).isEqualTo("error: failed to create configmap: configmaps \"twice\" already exists\n");
  }

  @Test
  void anInvalidDeploymentNamesTheFieldAndTheRule() throws Exception {
    namespace("parity-invalid");
    Path file = tmp.resolve("deploy.yaml");
    Files.writeString(file, """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: mismatch
        spec:
          selector:
            matchLabels: {app: one}
          template:
            metadata:
              labels: {app: two}
            spec:
              containers:
              - name: c
                image: nginx
        """);
    Kubectl.Result r = run("-n", "parity-invalid", "create", "-f", file.toString(), "--validate=false");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("The Deployment \"mismatch\" is invalid: spec.template.metadata.labels: Invalid "
        + "value: map[string]string{\"app\":\"two\"}: `selector` does not match template `labels`");
  }

  @Test
  void tablesHaveUpstreamsColumns() throws Exception {
    namespace("parity-tables");
    assertThat(run("-n", "parity-tables", "create", "deployment", "web", "--image=nginx").exitCode()).isZero();
    assertThat(run("-n", "parity-tables", "get", "deployments", "-o", "wide").stdout().lines().findFirst()
        .orElseThrow()).matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR");
    assertThat(run("get", "namespace", "parity-tables").stdout().lines().findFirst().orElseThrow())
        .matches("NAME\\s+STATUS\\s+AGE");
    assertThat(run("-n", "parity-tables", "get", "configmaps").stdout().lines().findFirst().orElseThrow())
        .matches("NAME\\s+DATA\\s+AGE");
  }

  @Test
  void chunkedListsReturnEveryObject() throws Exception {
    namespace("parity-chunks");
    for (String name : List.of("a", "b", "c", "d", "e")) {
      assertThat(run("-n", "parity-chunks", "create", "configmap", name).exitCode()).isZero();
    }
    List<String> names = run("-n", "parity-chunks", "get", "configmaps", "--chunk-size=2", "-o", "name").stdout()
        .lines().toList();
    assertThat(names).containsExactly("configmap/a", "configmap/b", "configmap/c", "configmap/d", "configmap/e",
        "configmap/kube-root-ca.crt");
  }
}
