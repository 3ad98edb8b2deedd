package dev.capstan.conformance;

import static dev.capstan.conformance.TableLines.assertRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pods and the workload kinds (apps/v1, batch/v1, replication controllers) through real kubectl: generators,
 * manifests, the columns {@code get} and {@code get -o wide} print, scale, cascading deletes, describe, paging and
 * the error lines, each as upstream's printers and validation word them. No controllers run here, so replica
 * counts stay at zero and dependents are created by hand.
 */
class KubectlWorkloadsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String AGE = "\\d+s";

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @TempDir
  Path tmp;

  @Test
  void generatorsCreateWorkloadsThatPrintUpstreamsColumns() throws Exception {
    run("create", "namespace", "gen");
    assertThat(ok("-n", "gen", "create", "deployment", "web", "--image=nginx:1.27", "--replicas=3"))
        .isEqualTo("deployment.apps/web created\n");
    assertThat(ok("-n", "gen", "create", "job", "once", "--image=busybox", "--", "echo", "hi"))
        .isEqualTo("job.batch/once created\n");
    assertThat(ok("-n", "gen", "create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--",
        "date")).isEqualTo("cronjob.batch/tick created\n");
    assertThat(ok("-n", "gen", "run", "solo", "--image=nginx", "--labels=app=solo", "--port=80"))
        .isEqualTo("pod/solo created\n");

    assertRows(ok("-n", "gen", "get", "deployments"),
        "NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE",
        "web\\s+0/3\\s+0\\s+0\\s+" + AGE);
    assertRows(ok("-n", "gen", "get", "deployments", "-o", "wide"),
        "NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR",
        "web\\s+0/3\\s+0\\s+0\\s+" + AGE + "\\s+nginx\\s+nginx:1\\.27\\s+app=web");

    assertRows(ok("-n", "gen", "get", "pods"),
        "NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE",
        "solo\\s+0/1\\s+Pending\\s+0\\s+" + AGE);
    assertRows(ok("-n", "gen", "get", "pods", "-o", "wide"),
        "NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES",
        "solo\\s+0/1\\s+Pending\\s+0\\s+" + AGE + "\\s+<none>\\s+<none>\\s+<none>\\s+<none>");

    // A job's selector is generated from its uid; DURATION stays empty until the job starts.
    String uid = ok("-n", "gen", "get", "job", "once", "-o", "jsonpath={.metadata.uid}");
    assertRows(ok("-n", "gen", "get", "jobs"),
        "NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE",
        "once\\s+Running\\s+0/1\\s+" + AGE);
    assertRows(ok("-n", "gen", "get", "jobs", "-o", "wide"),
        "NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR",
        "once\\s+Running\\s+0/1\\s+" + AGE + "\\s+once\\s+busybox\\s+batch\\.kubernetes\\.io/controller-uid=" + uid);

    assertRows(ok("-n", "gen", "get", "cronjobs"),
        "NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE",
        "tick\\s+\\*/5 \\* \\* \\* \\*\\s+<none>\\s+False\\s+0\\s+<none>\\s+" + AGE);
    assertRows(ok("-n", "gen", "get", "cronjobs", "-o", "wide"),
        "NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR",
        "tick\\s+\\*/5 \\* \\* \\* \\*\\s+<none>\\s+False\\s+0\\s+<none>\\s+" + AGE + "\\s+tick\\s+busybox\\s+<none>");
  }

  @Test
  void everyKubectlCreatesADeploymentWhateverBodyEncodingItSends() throws Exception {
    run("create", "namespace", "enc");
    for (Kubectl k : Kubectl.installed()) {
      String name = k.toString().replace("kubectl", "d").replace(".", "-");
      Kubectl.Result r = k.run(SERVER.process().kubeconfig(), "-n", "enc", "create", "deployment", name,
          "--image=nginx", "--replicas=2");
      assertThat(r.stdout()).as(k + ": " + r.stderr()).isEqualTo("deployment.apps/" + name + " created\n");
      JsonNode d = JSON.readTree(ok("-n", "enc", "get", "deployment", name, "-o", "json"));
      assertThat(d.at("/spec/replicas").asInt()).as(k.toString()).isEqualTo(2);
      assertThat(d.at("/spec/selector/matchLabels/app").asString()).isEqualTo(name);
      assertThat(d.at("/spec/strategy/rollingUpdate/maxSurge").asString()).isEqualTo("25%");
      assertThat(d.at("/spec/template/spec/containers/0/imagePullPolicy").asString()).isEqualTo("Always");
    }
  }

  @Test
  void manifestsCreateStatefulSetsDaemonSetsAndTheCoreControllers() throws Exception {
    run("create", "namespace", "mf");
    Path file = write("workloads.yaml", """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: mf}
        spec:
          serviceName: db
          replicas: 3
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: pg, image: "postgres:16"}, {name: exporter, image: "exporter:1"}]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: mf}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              nodeSelector: {kubernetes.io/os: linux}
              containers: [{name: agent, image: "agent:2"}]
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: legacy, namespace: mf}
        spec:
          replicas: 1
          selector: {app: legacy}
          template:
            metadata: {labels: {app: legacy}}
            spec:
              containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: PodTemplate
        metadata: {name: tpl, namespace: mf}
        template:
          metadata: {labels: {app: tpl}}
          spec:
            containers: [{name: c, image: busybox}]
        """);
    assertThat(ok("create", "-f", file.toString(), "--validate=false")).isEqualTo("""
        statefulset.apps/db created
        daemonset.apps/agent created
        replicationcontroller/legacy created
        podtemplate/tpl created
        """);
    assertRows(ok("-n", "mf", "get", "statefulsets"), "NAME\\s+READY\\s+AGE", "db\\s+0/3\\s+" + AGE);
    assertRows(ok("-n", "mf", "get", "sts", "-o", "wide"),
        "NAME\\s+READY\\s+AGE\\s+CONTAINERS\\s+IMAGES",
        "db\\s+0/3\\s+" + AGE + "\\s+pg,exporter\\s+postgres:16,exporter:1");
    assertRows(ok("-n", "mf", "get", "daemonsets"),
        "NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR\\s+AGE",
        "agent\\s+0\\s+0\\s+0\\s+0\\s+0\\s+kubernetes\\.io/os=linux\\s+" + AGE);
    assertRows(ok("-n", "mf", "get", "ds", "-o", "wide"),
        "NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR\\s+AGE\\s+CONTAINERS\\s+IMAGES"
            + "\\s+SELECTOR",
        "agent\\s+0\\s+0\\s+0\\s+0\\s+0\\s+kubernetes\\.io/os=linux\\s+" + AGE + "\\s+agent\\s+agent:2\\s+app=agent");
    assertRows(ok("-n", "mf", "get", "rc", "-o", "wide"),
        "NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR",
        "legacy\\s+1\\s+0\\s+0\\s+" + AGE + "\\s+c\\s+busybox\\s+app=legacy");
    assertRows(ok("-n", "mf", "get", "podtemplates"),
        "NAME\\s+CONTAINERS\\s+IMAGES\\s+POD LABELS", "tpl\\s+c\\s+busybox\\s+app=tpl");
  }

  @Test
  void scaleWritesTheScaleSubresource() throws Exception {
    run("create", "namespace", "sc");
    run("-n", "sc", "create", "deployment", "web", "--image=nginx", "--replicas=3");
    assertThat(ok("-n", "sc", "scale", "deployment", "web", "--replicas=5")).isEqualTo("deployment.apps/web scaled\n");
    assertThat(table("-n", "sc", "get", "deploy", "web")).element(1).asString().matches("web\\s+0/5\\s+0\\s+0\\s+\\S+");
    // A replica change is a spec change: the generation moves.
    assertThat(ok("-n", "sc", "get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"))
        .isEqualTo("5 2");
    Kubectl.Result stale = run("-n", "sc", "scale", "deployment", "web", "--replicas=1", "--current-replicas=4");
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.stderr()).isEqualTo("error: Expected replicas to be 4, was 5\n");

    JsonNode scale = JSON.readTree(ok("get", "--raw", "/apis/apps/v1/namespaces/sc/deployments/web/scale"));
    assertThat(scale.at("/kind").asString()).isEqualTo("Scale");
    assertThat(scale.at("/apiVersion").asString()).isEqualTo("autoscaling/v1");
    assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(scale.at("/status/selector").asString()).isEqualTo("app=web");

    // Jobs have no scale subresource: kubectl patches .../jobs/x/scale and the server answers 404.
    run("-n", "sc", "create", "job", "j", "--image=busybox");
    Kubectl.Result job = run("-n", "sc", "scale", "job", "j", "--replicas=2");
    assertThat(job.exitCode()).isEqualTo(1);
    assertThat(job.stderr()).contains("Error from server (NotFound): the server could not find the requested resource");
  }

  @Test
  void labelAnnotateJsonpathAndCustomColumns() throws Exception {
    run("create", "namespace", "meta");
    run("-n", "meta", "create", "deployment", "web", "--image=nginx:1.27");
    run("-n", "meta", "create", "deployment", "api", "--image=api:2", "--replicas=2");
    assertThat(ok("-n", "meta", "label", "deployment", "web", "tier=front")).isEqualTo("deployment.apps/web labeled\n");
    assertThat(ok("-n", "meta", "annotate", "deployment", "web", "owner=team-a"))
        .isEqualTo("deployment.apps/web annotated\n");
    Kubectl.Result again = run("-n", "meta", "label", "deployment", "web", "tier=back");
    assertThat(again.stderr()).isEqualTo("error: 'tier' already has a value (front), and --overwrite is false\n");
    assertThat(ok("-n", "meta", "label", "deployment", "web", "tier=back", "--overwrite"))
        .isEqualTo("deployment.apps/web labeled\n");
    assertThat(ok("-n", "meta", "label", "deployment", "web", "tier-")).isEqualTo("deployment.apps/web unlabeled\n");
    assertThat(ok("-n", "meta", "get", "deployment", "web", "-o",
        "jsonpath={.metadata.annotations.owner} {.metadata.labels}")).isEqualTo("team-a {\"app\":\"web\"}");
    assertThat(ok("-n", "meta", "get", "deployments", "-o",
        "custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[0].image")
        .lines().toList()).containsExactly(
            "NAME   REPLICAS   IMAGE", "api    2          api:2", "web    1          nginx:1.27");
    assertThat(ok("-n", "meta", "get", "deployments", "-o", "name"))
        .isEqualTo("deployment.apps/api\ndeployment.apps/web\n");
    assertThat(ok("-n", "meta", "get", "deployments", "-l", "app=api", "-o", "jsonpath={.items[*].metadata.name}"))
        .isEqualTo("api");
  }

  @Test
  void cascadingDeletesRemoveOrKeepTheOwnedReplicaSet() throws Exception {
    run("create", "namespace", "gc");
    // Orphan: the replica set stays and loses its owner reference.
    ownedReplicaSet("gc", "orphan");
    assertThat(ok("-n", "gc", "delete", "deployment", "orphan", "--cascade=orphan"))
        .isEqualTo("deployment.apps \"orphan\" deleted\n");
    assertThat(ok("-n", "gc", "get", "rs", "orphan-rs", "-o", "name")).isEqualTo("replicaset.apps/orphan-rs\n");
    assertThat(ok("-n", "gc", "get", "rs", "orphan-rs", "-o", "jsonpath={.metadata.ownerReferences}")).isEmpty();

    // Background: the owner goes at once and the collector removes the dependent after it.
    ownedReplicaSet("gc", "bg");
    assertThat(ok("-n", "gc", "delete", "deployment", "bg", "--cascade=background"))
        .isEqualTo("deployment.apps \"bg\" deleted\n");
    awaitGone("gc", "bg-rs");

    // Foreground: kubectl waits until the owner is gone, which happens only after its dependents.
    ownedReplicaSet("gc", "fg");
    assertThat(ok("-n", "gc", "delete", "deployment", "fg", "--cascade=foreground"))
        .isEqualTo("deployment.apps \"fg\" deleted\n");
    assertThat(run("-n", "gc", "get", "rs", "fg-rs").stderr())
        .contains("Error from server (NotFound): replicasets.apps \"fg-rs\" not found");
    assertThat(run("-n", "gc", "get", "deployment", "fg").stderr())
        .contains("Error from server (NotFound): deployments.apps \"fg\" not found");
    assertThat(ok("-n", "gc", "get", "rs", "-o", "name")).isEqualTo("replicaset.apps/orphan-rs\n");
  }

  private void ownedReplicaSet(String namespace, String owner) throws Exception {
    run("-n", namespace, "create", "deployment", owner, "--image=nginx");
    String uid = ok("-n", namespace, "get", "deployment", owner, "-o", "jsonpath={.metadata.uid}");
    Path rs = write(owner + "-rs.yaml", """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: %1$s-rs
          namespace: %2$s
          labels: {app: %1$s}
          ownerReferences:
          - {apiVersion: apps/v1, kind: Deployment, name: %1$s, uid: %3$s, controller: true, blockOwnerDeletion: true}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              containers: [{name: nginx, image: nginx}]
        """.formatted(owner, namespace, uid));
    assertThat(ok("create", "-f", rs.toString(), "--validate=false")).isEqualTo("replicaset.apps/" + owner
        + "-rs created\n");
  }

  private static void awaitGone(String namespace, String replicaSet) throws Exception {
    Await.until(Duration.ofSeconds(20), "replica set " + replicaSet + " collected",
        () -> run("-n", namespace, "get", "rs", replicaSet).stderr()
            .contains("replicasets.apps \"" + replicaSet + "\" not found"));
  }

  @Test
  void describePodShowsWhatAdmissionAdded() throws Exception {
    run("create", "namespace", "desc");
    run("-n", "desc", "run", "solo", "--image=nginx", "--labels=app=solo", "--port=80");
    Kubectl.Result r = run("-n", "desc", "describe", "pod", "solo");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<String> lines = r.stdout().lines().toList();
    assertThat(lines).contains(
        "Name:             solo",
        "Namespace:        desc",
        "Priority:         0",
        "Service Account:  default",
        "Node:             <none>",
        "Labels:           app=solo",
        "Annotations:      <none>",
        "Status:           Pending",
        "IPs:              <none>",
        "    Image:        nginx",
        "    Port:         80/TCP",
        "QoS Class:                   BestEffort",
        "Node-Selectors:              <none>",
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:                      <none>");
    // The service account admission plugin mounts the projected token volume.
    assertThat(lines).anySatisfy(l -> assertThat(l).matches(
        "      /var/run/secrets/kubernetes\\.io/serviceaccount from kube-api-access-[a-z0-9]{5} \\(ro\\)"));
    assertThat(lines).contains("    TokenExpirationSeconds:  3607", "    ConfigMapName:           kube-root-ca.crt");
  }

  @Test
  void getAllPrintsTheAllCategoryInDiscoveryOrder() throws Exception {
    run("create", "namespace", "every");
    run("-n", "every", "create", "job", "j", "--image=busybox");
    run("-n", "every", "create", "deployment", "d", "--image=nginx");
    run("-n", "every", "run", "p", "--image=nginx");
    run("-n", "every", "create", "service", "clusterip", "s", "--tcp=80");
    run("-n", "every", "create", "configmap", "not-in-all");
    List<String> out = ok("-n", "every", "get", "all").lines().toList();
    assertThat(out.stream().filter(l -> l.startsWith("NAME ")).map(l -> l.split("\\s+")[1]).toList())
        .containsExactly("READY", "TYPE", "READY", "STATUS");
    assertThat(out.stream().filter(l -> !l.isBlank() && !l.startsWith("NAME ")).map(l -> l.split("\\s+")[0]).toList())
        .containsExactly("pod/p", "service/s", "deployment.apps/d", "job.batch/j");
  }

  @Test
  void chunkedListsFollowTheContinueToken() throws Exception {
    run("create", "namespace", "chunk");
    for (int i = 1; i <= 5; i++) {
      run("-n", "chunk", "create", "configmap", "c" + i);
    }
    Kubectl.Result r = run("-n", "chunk", "get", "configmaps", "--chunk-size=2", "-v=6");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines().skip(1).map(l -> l.split("\\s+")[0]).filter(n -> n.matches("c\\d")).toList())
        .containsExactly("c1", "c2", "c3", "c4", "c5");
    List<String> requests = r.stderr().lines()
        .filter(l -> l.contains("\"Response\"") && l.contains("/namespaces/chunk/configmaps?")).toList();
    assertThat(requests).hasSize(3).allSatisfy(l -> assertThat(l).contains("limit=2").contains("status=\"200 OK\""));
    assertThat(requests.get(0)).doesNotContain("continue=");
    assertThat(requests.subList(1, 3)).allSatisfy(l -> assertThat(l).contains("continue="));
  }

  @Test
  void errorsAreWordedAsUpstreamWordsThem() throws Exception {
    run("create", "namespace", "err");
    Kubectl.Result missing = run("-n", "err", "get", "deployment", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found\n");

    run("-n", "err", "create", "deployment", "web", "--image=nginx");
    assertThat(run("-n", "err", "create", "deployment", "web", "--image=nginx").stderr())
        .isEqualTo("error: failed to create deployment: deployments.apps \"web\" already exists\n");
    Path stale = write("stale.yaml", ok("-n", "err", "get", "deployment", "web", "-o", "yaml"));
    Kubectl.Result dup = run("create", "-f", stale.toString(), "--validate=false");
    assertThat(dup.stderr()).contains("Error from server (AlreadyExists): error when creating \"" + stale
        + "\": deployments.apps \"web\" already exists");

    // A replace of an old copy carries a stale resourceVersion.
    run("-n", "err", "label", "deployment", "web", "changed=yes");
    Kubectl.Result conflict = run("replace", "-f", stale.toString(), "--validate=false");
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.stderr()).isEqualTo("Error from server (Conflict): error when replacing \"" + stale
        + "\": Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please "
        + "apply your changes to the latest version and try again\n");

    Path mismatch = write("mismatch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: bad, namespace: err}
        spec:
          selector: {matchLabels: {app: a}}
          template:
            metadata: {labels: {app: b}}
            spec:
              containers: [{name: c, image: nginx}]
        """);
    Kubectl.Result invalid = run("create", "-f", mismatch.toString(), "--validate=false");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.stderr()).isEqualTo("The Deployment \"bad\" is invalid: spec.template.metadata.labels: "
        + "Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`\n");

    Files.writeString(mismatch, Files.readString(mismatch).replace("app: a}", "app: b}").replace("name: c,", "name: C_,"));
    assertThat(run("create", "-f", mismatch.toString(), "--validate=false").stderr())
        .isEqualTo("The Deployment \"bad\" is invalid: spec.template.spec.containers[0].name: Invalid value: \"C_\": "
            + "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
            + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n");
    assertThat(run("-n", "err", "get", "deployment", "bad").stderr()).contains("deployments.apps \"bad\" not found");

    Kubectl.Result cron = run("-n", "err", "create", "cronjob", "c", "--image=busybox", "--schedule=61 * * * *");
    // The generator wraps the server's message, so kubectl does not reword it as "The CronJob ... is invalid".
    assertThat(cron.stderr()).isEqualTo("error: failed to create cronjob: CronJob.batch \"c\" is invalid: "
        + "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61\n");
  }

  private Path write(String name, String content) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  /** The output lines of a successful command. */
  private static List<String> table(String... args) throws Exception {
    return ok(args).lines().toList();
  }

  private static String ok(String... args) throws Exception {
    Kubectl.Result r = run(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.stderr()).isZero();
    return r.stdout();
  }

  private static Kubectl.Result run(String... args) throws Exception {
    return Kubectl.defaultKubectl().run(SERVER.process().kubeconfig(), args);
  }
}
