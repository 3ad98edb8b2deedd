package dev.capstan.conformance;

import static dev.capstan.conformance.TableLines.assertRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CustomResourceDefinition's life through the oldest and newest kubectl we support: applied, Established,
 * served with its printer columns, names and categories, scaled through its scale subresource, checked by its
 * schema and CEL rules, and deleted with its custom resources.
 */
class KubectlCrdTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String AGE = "\\d+s";

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @TempDir
  Path tmp;

  static List<Kubectl> kubectls() throws Exception {
    return Kubectl.versions("1.33", "1.27");
  }

  /** A CronTab CRD in a group of its own per kubectl, so the cases do not share cluster-scoped names. */
  private static String crd(String group, String shortName) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.%1$s
        spec:
          group: %1$s
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            shortNames: [%2$s]
            categories: [all]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.selector
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Image
              type: string
              priority: 1
              jsonPath: .spec.image
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: self.replicas <= self.maxReplicas
                      message: replicas must not exceed maxReplicas
                    properties:
                      cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
                      image: {type: string}
                      replicas: {type: integer, minimum: 0, maximum: 10, default: 1}
                      maxReplicas: {type: integer, default: 5}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
                      selector: {type: string}
        """.formatted(group, shortName);
  }

  private static String cronTab(String group, String name, String spec) {
    return """
        apiVersion: %s/v1
        kind: CronTab
        metadata:
          name: %s
        spec: %s
        """.formatted(group, name, spec);
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void aCrdIsServedUntilItIsDeletedWithItsResources(Kubectl k) throws Exception {
    String group = group(k);
    String ns = namespace(k, "crd");
    String shortName = "ct" + k.toString().replaceAll("[^0-9]", "");
    Path crd = write("crd.yaml", crd(group, shortName));
    assertThat(ok(k, "apply", "-f", crd.toString()))
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/crontabs." + group + " created\n");
    assertThat(ok(k, "wait", "--for", "condition=established", "--timeout=30s", "crd/crontabs." + group))
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/crontabs." + group + " condition met\n");
    JsonNode status = JSON.readTree(ok(k, "get", "crd", "crontabs." + group, "-o", "json")).path("status");
    assertThat(status.path("acceptedNames").path("shortNames").toString()).isEqualTo("[\"" + shortName + "\"]");
    assertThat(status.path("storedVersions").toString()).isEqualTo("[\"v1\"]");
    assertThat(status.path("conditions").toString()).contains("\"type\":\"NamesAccepted\"")
        .contains("\"type\":\"Established\"");

    Path tab = write("ct.yaml", cronTab(group, "nightly", "{cronSpec: '0 3 * * *', image: backup:1, replicas: 2}"));
    assertThat(ok(k, "-n", ns, "apply", "-f", tab.toString()))
        .isEqualTo("crontab." + group + "/nightly created\n");
    Kubectl.Result table = run(k, "-n", ns, "get", shortName);
    assertThat(table.stdout()).as(table.stderr()).isNotBlank();
    assertRows(table.stdout(),
        "NAME\\s+SPEC\\s+REPLICAS\\s+AGE",
        "nightly\\s+0 3 \\* \\* \\*\\s+2\\s+" + AGE);
    assertRows(ok(k, "-n", ns, "get", "crontabs." + group, "-o", "wide"),
        "NAME\\s+SPEC\\s+REPLICAS\\s+IMAGE\\s+AGE",
        "nightly\\s+0 3 \\* \\* \\*\\s+2\\s+backup:1\\s+" + AGE);
    assertThat(ok(k, "api-resources", "--api-group=" + group))
        .contains("crontabs").contains(shortName).contains(group + "/v1").contains("CronTab");
    assertThat(ok(k, "-n", ns, "get", "all")).contains("crontab." + group + "/nightly");

    ok(k, "-n", ns, "scale", shortName, "nightly", "--replicas=4");
    JsonNode scaled = JSON.readTree(ok(k, "-n", ns, "get", shortName, "nightly", "-o", "json"));
    assertThat(scaled.at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(scaled.at("/metadata/generation").asInt()).isEqualTo(2);

    assertThat(ok(k, "delete", "crd", "crontabs." + group))
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io \"crontabs." + group + "\" deleted\n");
    Kubectl.Result gone = run(k, "get", "--raw", "/apis/" + group + "/v1/namespaces/" + ns + "/crontabs/nightly");
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.stderr()).contains("NotFound");
    Kubectl.Result crdGone = run(k, "get", "crd", "crontabs." + group);
    assertThat(crdGone.stderr()).contains("customresourcedefinitions.apiextensions.k8s.io \"crontabs." + group
        + "\" not found");
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void theSchemaDefaultsPrunesAndRejects(Kubectl k) throws Exception {
    String group = "checks." + group(k);
    String ns = namespace(k, "crd-checks");
    String shortName = "cct" + k.toString().replaceAll("[^0-9]", "");
    ok(k, "apply", "-f", write("crd.yaml", crd(group, shortName)).toString());
    ok(k, "wait", "--for", "condition=established", "--timeout=30s", "crd/crontabs." + group);

    Path defaulted = write("d.yaml", cronTab(group, "defaulted", "{cronSpec: '*/5 * * * *'}"));
    ok(k, "-n", ns, "apply", "-f", defaulted.toString());
    JsonNode spec = JSON.readTree(ok(k, "-n", ns, "get", shortName, "defaulted", "-o", "json")).path("spec");
    assertThat(spec.path("replicas").asInt()).as("default").isEqualTo(1);
    assertThat(spec.path("maxReplicas").asInt()).as("default").isEqualTo(5);

    Kubectl.Result tooMany = run(k, "-n", ns, "apply", "-f",
        write("t.yaml", cronTab(group, "too-many", "{cronSpec: '* * * * *', replicas: 15, maxReplicas: 20}")).toString());
    assertThat(tooMany.exitCode()).isNotZero();
    assertThat(tooMany.stderr()).isEqualTo("The CronTab \"too-many\" is invalid: spec.replicas: Invalid value: 15: "
        + "spec.replicas in body should be less than or equal to 10\n");
    Kubectl.Result badSpec = run(k, "-n", ns, "apply", "-f",
        write("b.yaml", cronTab(group, "bad-spec", "{cronSpec: 'every day'}")).toString());
    assertThat(badSpec.stderr()).isEqualTo("The CronTab \"bad-spec\" is invalid: spec.cronSpec: Invalid value: "
        + "\"every day\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'\n");

    Kubectl.Result rule = run(k, "-n", ns, "apply", "-f",
        write("r.yaml", cronTab(group, "over-max", "{cronSpec: '* * * * *', replicas: 7}")).toString());
    assertThat(rule.exitCode()).isNotZero();
    assertThat(rule.stderr()).isEqualTo("The CronTab \"over-max\" is invalid: spec: Invalid value: \"object\": "
        + "replicas must not exceed maxReplicas\n");

    Path unknown = write("u.yaml", cronTab(group, "unknown", "{cronSpec: '* * * * *', colour: blue}"));
    Kubectl.Result strict = run(k, "-n", ns, "apply", "-f", unknown.toString(), "--validate=strict");
    assertThat(strict.exitCode()).isNotZero();
    assertThat(strict.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"" + unknown
        + "\": CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field "
        + "\"spec.colour\"\n");
    Kubectl.Result warn = run(k, "-n", ns, "apply", "-f", unknown.toString(), "--validate=warn");
    assertThat(warn.exitCode()).isZero();
    assertThat(warn.stderr()).isEqualTo("Warning: unknown field \"spec.colour\"\n");
    assertThat(JSON.readTree(ok(k, "-n", ns, "get", shortName, "unknown", "-o", "json")).path("spec").has("colour"))
        .as("pruned").isFalse();
  }

  private static String group(Kubectl k) {
    return "v" + k.toString().replaceAll("[^0-9]", "") + ".stable.example.com";
  }

  private String namespace(Kubectl k, String prefix) throws Exception {
    String ns = prefix + "-" + k.toString().replaceAll("[^0-9]", "");
    ok(k, "create", "namespace", ns);
    return ns;
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
