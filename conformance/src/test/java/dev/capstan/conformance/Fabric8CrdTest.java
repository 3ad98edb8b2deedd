package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator author relies on when a CustomResourceDefinition is served: typed and generic custom resources,
 * the status and scale subresources, informers, server-side apply, CRDs made by fabric8's crd-generator, and a
 * deleted CRD taking its resources with it. Every expectation is one a kube-apiserver 1.33 meets too.
 */
class Fabric8CrdTest {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String CRONTABS = "crontabs.stable.example.com";

  private KubernetesClient client;

  // ---- the typed classes, as an operator project declares them ----

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class CronTabSpec {
    public String cronSpec;
    public String image;
    public Integer replicas;

    public CronTabSpec() {}

    CronTabSpec(String cronSpec, String image, Integer replicas) {
      this.cronSpec = cronSpec;
      this.image = image;
      this.replicas = replicas;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class CronTabStatus {
    public String phase;
    public Integer replicas;
    public String labelSelector;

    public CronTabStatus() {}

    CronTabStatus(String phase, Integer replicas, String labelSelector) {
      this.phase = phase;
      this.replicas = replicas;
      this.labelSelector = labelSelector;
    }
  }

  @Group("stable.example.com")
  @Version("v1")
  @Kind("CronTab")
  @Plural("crontabs")
  @Singular("crontab")
  @ShortNames("ct")
  public static final class CronTab extends CustomResource<CronTabSpec, CronTabStatus> implements Namespaced {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class BackupSpec {
    public String schedule;
    @SpecReplicas
    public Integer copies;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class BackupStatus {
    public String lastRun;
    @StatusReplicas
    public Integer copies;
    @LabelSelector
    public String selector;
  }

  /** Its CRD exists only as crd-generator output. */
  @Group("generated.example.com")
  @Version("v1")
  @ShortNames("bk")
  public static final class Backup extends CustomResource<BackupSpec, BackupStatus> implements Namespaced {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class WidgetSpec {
    public String color;
  }

  /** The kind whose CRD gets deleted; nothing else uses it. */
  @Group("ephemeral.example.com")
  @Version("v1")
  public static final class Widget extends CustomResource<WidgetSpec, Void> implements Namespaced {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class TenantSpec {
    public String owner;
  }

  /** Cluster-scoped: it implements no Namespaced. */
  @Group("cluster.example.com")
  @Version("v1")
  public static final class Tenant extends CustomResource<TenantSpec, Void> {}

  // ---- fixture ----

  @BeforeAll
  static void defineCronTabs() throws Exception {
    try (KubernetesClient c = SERVER.process().fabric8Client()) {
      CustomResourceDefinition crd = c.apiextensions().v1().customResourceDefinitions()
          .resource(cronTabDefinition()).create();
      assertThat(crd.getMetadata().getName()).isEqualTo(CRONTABS);
      established(c, CRONTABS);
    }
  }

  @BeforeEach
  void connect() throws Exception {
    client = SERVER.process().fabric8Client();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  /** The CronTab of the Kubernetes documentation, with both subresources. */
  private static CustomResourceDefinition cronTabDefinition() {
    JSONSchemaProps string = new JSONSchemaPropsBuilder().withType("string").build();
    JSONSchemaProps integer = new JSONSchemaPropsBuilder().withType("integer").build();
    JSONSchemaProps schema = new JSONSchemaPropsBuilder().withType("object")
        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
            .addToProperties("cronSpec", string).addToProperties("image", string)
            .addToProperties("replicas", integer).build())
        .addToProperties("status", new JSONSchemaPropsBuilder().withType("object")
            .addToProperties("phase", string).addToProperties("replicas", integer)
            .addToProperties("labelSelector", string).build())
        .build();
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName(CRONTABS).endMetadata()
        .withNewSpec().withGroup("stable.example.com").withScope("Namespaced")
        .withNewNames().withPlural("crontabs").withSingular("crontab").withKind("CronTab")
        .withShortNames("ct").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withOpenAPIV3Schema(schema).endSchema()
        .withNewSubresources().withNewStatus().endStatus()
        .withNewScale().withSpecReplicasPath(".spec.replicas").withStatusReplicasPath(".status.replicas")
        .withLabelSelectorPath(".status.labelSelector").endScale().endSubresources()
        .endVersion().endSpec().build();
  }

  /** Waits the way operators do before using a kind: for the CRD's Established condition. */
  private static CustomResourceDefinition established(KubernetesClient c, String name) {
    return c.apiextensions().v1().customResourceDefinitions().withName(name)
        .waitUntilCondition(crd -> crd != null && crd.getStatus() != null
            && isTrue(crd, "NamesAccepted") && isTrue(crd, "Established"), DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  private static boolean isTrue(CustomResourceDefinition crd, String type) {
    List<CustomResourceDefinitionCondition> conditions = crd.getStatus().getConditions();
    return conditions != null && conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private String namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static CronTab cronTab(String ns, String name, CronTabSpec spec) {
    CronTab ct = new CronTab();
    ct.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    ct.setSpec(spec);
    return ct;
  }

  private static void assertStatus(Throwable e, int code, String reason) {
    assertThat(e).isInstanceOf(KubernetesClientException.class);
    KubernetesClientException k = (KubernetesClientException) e;
    assertThat(k.getCode()).as(k.getMessage()).isEqualTo(code);
    assertThat(k.getStatus().getReason()).isEqualTo(reason);
  }

  /** The Status a real cluster answers, message included: users compare it word for word. */
  private static void assertStatus(Throwable e, int code, String reason, String message) {
    assertStatus(e, code, reason);
    assertThat(((KubernetesClientException) e).getStatus().getMessage()).isEqualTo(message);
  }

  // ---- the scenarios ----

  @Test
  void discoveryDescribesTheServedResourceAndItsSubresources() {
    assertThat(client.supports(CronTab.class)).isTrue();
    List<APIResource> resources = client.getApiResources("stable.example.com/v1").getResources();
    APIResource crontabs = resources.stream().filter(r -> r.getName().equals("crontabs")).findFirst().orElseThrow();
    assertThat(crontabs.getKind()).isEqualTo("CronTab");
    assertThat(crontabs.getNamespaced()).isTrue();
    assertThat(crontabs.getSingularName()).isEqualTo("crontab");
    assertThat(crontabs.getShortNames()).containsExactly("ct");
    assertThat(resources).extracting(APIResource::getName).contains("crontabs/status", "crontabs/scale");
    APIResource scale = resources.stream().filter(r -> r.getName().equals("crontabs/scale")).findFirst()
        .orElseThrow();
    assertThat(scale.getGroup()).isEqualTo("autoscaling");
    assertThat(scale.getVersion()).isEqualTo("v1");
    assertThat(scale.getKind()).isEqualTo("Scale");
    assertThat(resources.stream().filter(r -> r.getName().equals("crontabs/status")).findFirst().orElseThrow()
        .getVerbs()).containsExactly("get", "patch", "update");
    // Upstream lists a custom resource's verbs in this fixed order (built-in resources' verbs are sorted), and
    // kubectl api-resources -o wide prints them as listed.
    assertThat(crontabs.getVerbs()).containsExactly("delete", "deletecollection", "get", "list", "patch", "create",
        "update", "watch");
    assertThat(crontabs.getStorageVersionHash()).as("storageVersionHash").isNotEmpty();
  }

  @Test
  void typedResourcesAreCreatedReadListedUpdatedAndDeleted() {
    String ns = namespace("crd-typed");
    var crontabs = client.resources(CronTab.class).inNamespace(ns);

    CronTab created = crontabs.resource(cronTab(ns, "nightly", new CronTabSpec("0 3 * * *", "backup:1", 1)))
        .create();
    assertThat(created.getApiVersion()).isEqualTo("stable.example.com/v1");
    assertThat(created.getKind()).isEqualTo("CronTab");
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();

    CronTab labelled = cronTab(ns, "hourly", new CronTabSpec("0 * * * *", "report:1", 2));
    labelled.getMetadata().setLabels(Map.of("tier", "batch"));
    crontabs.resource(labelled).create();

    CronTab read = crontabs.withName("nightly").get();
    assertThat(read.getSpec().cronSpec).isEqualTo("0 3 * * *");
    assertThat(read.getSpec().image).isEqualTo("backup:1");
    assertThat(read.getSpec().replicas).isEqualTo(1);
    assertThat(read.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());

    assertThat(crontabs.list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("nightly", "hourly");
    assertThat(crontabs.withLabel("tier", "batch").list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactly("hourly");
    assertThat(crontabs.withField("metadata.name", "nightly").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("nightly");
    assertThat(client.resources(CronTab.class).inAnyNamespace().list().getItems())
        .extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
        .contains(ns + "/nightly", ns + "/hourly");

    read.getSpec().image = "backup:2";
    CronTab updated = crontabs.resource(read).update();
    assertThat(updated.getSpec().image).isEqualTo("backup:2");
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());

    // read still carries the old resourceVersion: an optimistic-concurrency conflict.
    read.getSpec().image = "backup:3";
    assertThatThrownBy(() -> crontabs.resource(read).update()).satisfies(e -> assertStatus(e, 409, "Conflict",
        "Operation cannot be fulfilled on crontabs.stable.example.com \"nightly\": the object has been modified; "
            + "please apply your changes to the latest version and try again"));
    assertThatThrownBy(() -> crontabs.resource(cronTab(ns, "nightly", new CronTabSpec("x", "y", 1))).create())
        .satisfies(e -> assertStatus(e, 409, "AlreadyExists",
            "crontabs.stable.example.com \"nightly\" already exists"));

    assertThat(crontabs.withName("nightly").delete()).hasSize(1);
    assertThat(crontabs.withName("nightly").get()).isNull();
    assertThatThrownBy(() -> crontabs.resource(read).update())
        .satisfies(e -> assertStatus(e, 404, "NotFound", "crontabs.stable.example.com \"nightly\" not found"));
    assertThat(crontabs.list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("hourly");
  }

  @Test
  void customResourcesTakeJsonAndMergePatchesButNotStrategicOnes() {
    String ns = namespace("crd-patch");
    var crontabs = client.resources(CronTab.class).inNamespace(ns);
    crontabs.resource(cronTab(ns, "patched", new CronTabSpec("0 5 * * *", "p:1", 1))).create();
    var patched = crontabs.withName("patched");

    CronTab merged = patched.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"image\":\"p:2\"}}");
    assertThat(merged.getSpec().image).isEqualTo("p:2");
    assertThat(merged.getSpec().cronSpec).isEqualTo("0 5 * * *");

    CronTab json = patched.patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");
    assertThat(json.getSpec().replicas).isEqualTo(5);
    assertThat(json.getMetadata().getGeneration()).isEqualTo(3L);

    // fabric8's own diff-based patch of a typed object.
    CronTab diffed = patched.patch(cronTab(ns, "patched", new CronTabSpec("0 6 * * *", "p:2", 5)));
    assertThat(diffed.getSpec().cronSpec).isEqualTo("0 6 * * *");

    // Custom resources have no patch strategies, so upstream refuses strategic merge patches.
    assertThatThrownBy(() -> patched.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"replicas\":2}}"))
        .satisfies(e -> assertStatus(e, 415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"));

    assertThatThrownBy(() -> client.resources(CronTab.class).inNamespace("crd-patch-missing").withName("x")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{}"))
        .satisfies(e -> assertStatus(e, 404, "NotFound"));

    // A delete by label selector is one deletecollection call.
    CronTab other = cronTab(ns, "other", new CronTabSpec("0 7 * * *", "o:1", 1));
    other.getMetadata().setLabels(Map.of("sweep", "yes"));
    crontabs.resource(other).create();
    crontabs.withLabel("sweep", "yes").delete();
    assertThat(crontabs.list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("patched");
  }

  @Test
  void clusterScopedKindsLiveOutsideNamespaces() {
    String name = "tenants.cluster.example.com";
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(name).endMetadata().withNewSpec().withGroup("cluster.example.com")
        .withScope("Cluster").withNewNames().withPlural("tenants").withSingular("tenant").withKind("Tenant").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema()
        .withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
            .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
                .addToProperties("owner", new JSONSchemaPropsBuilder().withType("string").build()).build())
            .build())
        .endSchema().endVersion().endSpec().build()).create();
    established(client, name);
    APIResource tenants = client.getApiResources("cluster.example.com/v1").getResources().stream()
        .filter(r -> r.getName().equals("tenants")).findFirst().orElseThrow();
    assertThat(tenants.getNamespaced()).isFalse();

    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName("acme").build());
    tenant.setSpec(new TenantSpec());
    tenant.getSpec().owner = "ops";
    Tenant created = client.resources(Tenant.class).resource(tenant).create();
    assertThat(created.getMetadata().getNamespace()).isNull();
    assertThat(created.getMetadata().getUid()).isNotEmpty();

    Tenant edited = client.resources(Tenant.class).withName("acme").edit(t -> {
      t.getSpec().owner = "dev";
      return t;
    });
    assertThat(edited.getSpec().owner).isEqualTo("dev");
    assertThat(client.resources(Tenant.class).list().getItems()).extracting(t -> t.getMetadata().getName())
        .containsExactly("acme");
    assertThat(client.resources(Tenant.class).withName("acme").delete()).hasSize(1);
    assertThat(client.resources(Tenant.class).withName("acme").get()).isNull();
  }

  @Test
  void versionsWithoutConversionServeOneObjectUnderEachApiVersion() {
    String name = "gadgets.multi.example.com";
    JSONSchemaProps schema = new JSONSchemaPropsBuilder().withType("object")
        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
            .addToProperties("size", new JSONSchemaPropsBuilder().withType("integer").build()).build())
        .build();
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(name).endMetadata().withNewSpec().withGroup("multi.example.com")
        .withScope("Namespaced").withNewNames().withPlural("gadgets").withSingular("gadget").withKind("Gadget")
        .endNames()
        .addNewVersion().withName("v1beta1").withServed(true).withStorage(false).withNewSchema()
        .withOpenAPIV3Schema(schema).endSchema().endVersion()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema()
        .withOpenAPIV3Schema(schema).endSchema().endVersion()
        .withNewConversion().withStrategy("None").endConversion()
        .endSpec().build()).create();
    CustomResourceDefinition ready = established(client, name);
    assertThat(ready.getStatus().getStoredVersions()).containsExactly("v1");

    String ns = namespace("crd-versions");
    var beta = client.genericKubernetesResources("multi.example.com/v1beta1", "Gadget").inNamespace(ns);
    var stable = client.genericKubernetesResources("multi.example.com/v1", "Gadget").inNamespace(ns);
    GenericKubernetesResource written = beta.resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("multi.example.com/v1beta1").withKind("Gadget")
        .withNewMetadata().withName("g").withNamespace(ns).endMetadata()
        .addToAdditionalProperties("spec", Map.of("size", 3)).build()).create();
    assertThat(written.getApiVersion()).isEqualTo("multi.example.com/v1beta1");

    GenericKubernetesResource read = stable.withName("g").get();
    assertThat(read.getApiVersion()).isEqualTo("multi.example.com/v1");
    assertThat(read.getMetadata().getUid()).isEqualTo(written.getMetadata().getUid());
    assertThat((Integer) read.get("spec", "size")).isEqualTo(3);
    assertThat(read.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getApiVersion)
        .containsExactly("multi.example.com/v1beta1");

    GenericKubernetesResource edited = stable.withName("g").edit(g -> {
      g.getAdditionalProperties().put("spec", Map.of("size", 4));
      return g;
    });
    assertThat(edited.getApiVersion()).isEqualTo("multi.example.com/v1");
    assertThat(beta.list().getItems()).singleElement().satisfies(g -> {
      assertThat(g.getApiVersion()).isEqualTo("multi.example.com/v1beta1");
      assertThat((Integer) g.get("spec", "size")).isEqualTo(4);
    });

    // Discovery orders a group's versions GA first, then beta, then alpha, and prefers the first.
    APIGroup listed = client.getApiGroups().getGroups().stream()
        .filter(g -> g.getName().equals("multi.example.com")).findFirst().orElseThrow();
    assertThat(listed.getVersions()).extracting(GroupVersionForDiscovery::getVersion)
        .containsExactly("v1", "v1beta1");
    assertThat(listed.getPreferredVersion().getGroupVersion()).isEqualTo("multi.example.com/v1");
    APIGroup group = client.getApiGroup("multi.example.com");
    assertThat(group).as("GET /apis/multi.example.com").isNotNull();
    assertThat(group.getPreferredVersion().getGroupVersion()).isEqualTo("multi.example.com/v1");
    assertThat(group.getVersions()).extracting(GroupVersionForDiscovery::getVersion).containsExactly("v1", "v1beta1");
  }

  @Test
  void statusSubresourceSeparatesSpecFromStatus() {
    String ns = namespace("crd-status");
    var crontabs = client.resources(CronTab.class).inNamespace(ns);

    CronTab fresh = cronTab(ns, "job", new CronTabSpec("*/5 * * * *", "job:1", 1));
    fresh.setStatus(new CronTabStatus("Forged", 9, null));
    CronTab created = crontabs.resource(fresh).create();
    assertThat(created.getStatus()).as("create drops status when /status exists").isNull();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    created.setStatus(new CronTabStatus("Running", 1, null));
    CronTab withStatus = crontabs.resource(created).updateStatus();
    assertThat(withStatus.getStatus().phase).isEqualTo("Running");
    assertThat(withStatus.getMetadata().getGeneration()).as("status writes leave generation").isEqualTo(1L);

    // The main resource ignores status and takes spec.
    withStatus.getSpec().image = "job:2";
    withStatus.getStatus().phase = "Overwritten";
    CronTab updated = crontabs.resource(withStatus).update();
    assertThat(updated.getSpec().image).isEqualTo("job:2");
    assertThat(updated.getStatus().phase).isEqualTo("Running");
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);

    // /status ignores spec and takes status.
    updated.getSpec().image = "job:ignored";
    updated.getStatus().phase = "Succeeded";
    CronTab statusOnly = crontabs.resource(updated).updateStatus();
    assertThat(statusOnly.getSpec().image).isEqualTo("job:2");
    assertThat(statusOnly.getStatus().phase).isEqualTo("Succeeded");
    assertThat(statusOnly.getMetadata().getGeneration()).isEqualTo(2L);

    CronTab patch = cronTab(ns, "job", null);
    patch.setStatus(new CronTabStatus("Failed", null, null));
    CronTab patched = crontabs.resource(patch).patchStatus();
    assertThat(patched.getStatus().phase).isEqualTo("Failed");
    assertThat(patched.getStatus().replicas).as("a merge patch keeps what it does not name").isEqualTo(1);
    assertThat(patched.getSpec().image).isEqualTo("job:2");

    CronTab edited = crontabs.withName("job").editStatus(c -> {
      c.getStatus().replicas = 4;
      return c;
    });
    assertThat(edited.getStatus().replicas).isEqualTo(4);

    CronTab relabelled = crontabs.withName("job").edit(c -> {
      c.getMetadata().setLabels(Map.of("touched", "yes"));
      return c;
    });
    assertThat(relabelled.getMetadata().getLabels()).containsEntry("touched", "yes");
    assertThat(relabelled.getMetadata().getGeneration()).as("metadata changes leave generation").isEqualTo(2L);
    assertThat(crontabs.withName("job").get().getStatus().phase).isEqualTo("Failed");

    // Controllers (java-operator-sdk among them) apply their status server-side through /status.
    CronTab applied = crontabs.withName("job").subresource("status").patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("controller").withForce(true).build(),
        "{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\",\"metadata\":{\"name\":\"job\"},"
            + "\"spec\":{\"image\":\"job:from-status\"},\"status\":{\"phase\":\"Applied\"}}");
    assertThat(applied.getStatus().phase).isEqualTo("Applied");
    assertThat(applied.getSpec().image).as("/status ignores spec in an apply too").isEqualTo("job:2");
    assertThat(applied.getMetadata().getManagedFields()).filteredOn(m -> m.getManager().equals("controller"))
        .singleElement().satisfies(m -> {
          assertThat(m.getOperation()).isEqualTo("Apply");
          assertThat(m.getSubresource()).isEqualTo("status");
        });
  }

  @Test
  void genericResourcesNeedNoTypedClass() {
    String ns = namespace("crd-generic");
    var byKind = client.genericKubernetesResources("stable.example.com/v1", "CronTab").inNamespace(ns);
    GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
        .withApiVersion("stable.example.com/v1").withKind("CronTab")
        .withNewMetadata().withName("generic").withNamespace(ns).endMetadata()
        .addToAdditionalProperties("spec", Map.of("cronSpec", "* * * * *", "image", "generic:1", "replicas", 2))
        .build();

    GenericKubernetesResource created = byKind.resource(resource).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat((String) created.get("spec", "image")).isEqualTo("generic:1");
    assertThat((Integer) created.get("spec", "replicas")).isEqualTo(2);

    ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup("stable.example.com")
        .withVersion("v1").withKind("CronTab").withPlural("crontabs").withNamespaced(true).build();
    var byContext = client.genericKubernetesResources(context).inNamespace(ns);
    assertThat(byContext.list().getItems()).extracting(r -> r.getMetadata().getName()).containsExactly("generic");

    GenericKubernetesResource edited = byContext.withName("generic").edit(r -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
      spec.put("image", "generic:2");
      return r;
    });
    assertThat((String) edited.get("spec", "image")).isEqualTo("generic:2");
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

    // The typed view reads what the generic client wrote.
    CronTab typed = client.resources(CronTab.class).inNamespace(ns).withName("generic").get();
    assertThat(typed.getSpec().image).isEqualTo("generic:2");

    assertThat(byKind.withName("generic").delete()).hasSize(1);
    assertThat(byContext.withName("generic").get()).isNull();
  }

  @Test
  void informerSeesAddUpdateAndDelete() throws Exception {
    String ns = namespace("crd-informer");
    var crontabs = client.resources(CronTab.class).inNamespace(ns);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    SharedIndexInformer<CronTab> informer = crontabs.inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(CronTab obj) {
        events.add("add " + obj.getMetadata().getName() + " " + obj.getSpec().image);
      }

      @Override
      public void onUpdate(CronTab oldObj, CronTab newObj) {
        events.add("update " + newObj.getMetadata().getName() + " " + oldObj.getSpec().image + "->"
            + newObj.getSpec().image);
      }

      @Override
      public void onDelete(CronTab obj, boolean deletedFinalStateUnknown) {
        events.add("delete " + obj.getMetadata().getName());
      }
    });
    try {
      assertThat(informer.hasSynced()).isTrue();
      crontabs.resource(cronTab(ns, "watched", new CronTabSpec("0 0 * * *", "w:1", 1))).create();
      assertThat(events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("add watched w:1");

      crontabs.withName("watched").edit(c -> {
        c.getSpec().image = "w:2";
        return c;
      });
      assertThat(events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("update watched w:1->w:2");
      assertThat(informer.getStore().getByKey(ns + "/watched").getSpec().image).isEqualTo("w:2");

      crontabs.withName("watched").delete();
      assertThat(events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("delete watched");
      assertThat(informer.getStore().list()).isEmpty();
    } finally {
      informer.stop();
    }
  }

  @Test
  void serverSideApplyCreatesUpdatesConflictsAndForces() {
    String ns = namespace("crd-ssa");
    CronTab applied = client.resource(cronTab(ns, "applied", new CronTabSpec("0 1 * * *", "ssa:1", 2)))
        .fieldManager("operator").serverSideApply();
    assertThat(applied.getSpec().replicas).isEqualTo(2);
    List<ManagedFieldsEntry> managed = applied.getMetadata().getManagedFields();
    assertThat(managed).extracting(ManagedFieldsEntry::getManager).containsExactly("operator");
    assertThat(managed.get(0).getOperation()).isEqualTo("Apply");
    assertThat(managed.get(0).getApiVersion()).isEqualTo("stable.example.com/v1");

    applied = client.resource(cronTab(ns, "applied", new CronTabSpec("0 1 * * *", "ssa:2", 3)))
        .fieldManager("operator").serverSideApply();
    assertThat(applied.getSpec().image).isEqualTo("ssa:2");
    assertThat(applied.getSpec().replicas).isEqualTo(3);
    assertThat(applied.getMetadata().getGeneration()).isEqualTo(2L);

    // Another manager sharing a field with equal value is no conflict; a different value is.
    CronTab sameImage = client.resource(cronTab(ns, "applied", new CronTabSpec(null, "ssa:2", null)))
        .fieldManager("auditor").serverSideApply();
    assertThat(sameImage.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .containsExactlyInAnyOrder("operator", "auditor");
    assertThatThrownBy(() -> client.resource(cronTab(ns, "applied", new CronTabSpec(null, null, 7)))
        .fieldManager("intruder").serverSideApply())
        .satisfies(e -> assertStatus(e, 409, "Conflict",
            "Apply failed with 1 conflict: conflict with \"operator\": .spec.replicas"));
    CronTab forced = client.resource(cronTab(ns, "applied", new CronTabSpec(null, null, 7)))
        .fieldManager("intruder").forceConflicts().serverSideApply();
    assertThat(forced.getSpec().replicas).isEqualTo(7);
    assertThat(forced.getSpec().image).as("apply leaves fields it does not name").isEqualTo("ssa:2");

    // The operator no longer owns replicas: leaving it out of its next apply keeps the intruder's value.
    CronTab again = client.resource(cronTab(ns, "applied", new CronTabSpec("0 4 * * *", "ssa:2", null)))
        .fieldManager("operator").serverSideApply();
    assertThat(again.getSpec().replicas).isEqualTo(7);
    assertThat(again.getSpec().cronSpec).isEqualTo("0 4 * * *");

    // image is shared with the auditor now, so changing it alone conflicts with the auditor.
    assertThatThrownBy(() -> client.resource(cronTab(ns, "applied", new CronTabSpec("0 4 * * *", "ssa:3", null)))
        .fieldManager("operator").serverSideApply())
        .satisfies(e -> assertStatus(e, 409, "Conflict",
            "Apply failed with 1 conflict: conflict with \"auditor\": .spec.image"));
  }

  @Test
  void scaleSubresourceReadsAndWritesReplicas() {
    String ns = namespace("crd-scale");
    var crontabs = client.resources(CronTab.class).inNamespace(ns);
    CronTab created = crontabs.resource(cronTab(ns, "scaled", new CronTabSpec("0 2 * * *", "s:1", 1))).create();
    created.setStatus(new CronTabStatus("Running", 1, "app=scaled"));
    crontabs.resource(created).updateStatus();

    Scale scale = crontabs.withName("scaled").scale();
    assertThat(scale.getApiVersion()).isEqualTo("autoscaling/v1");
    assertThat(scale.getKind()).isEqualTo("Scale");
    assertThat(scale.getMetadata().getName()).isEqualTo("scaled");
    assertThat(scale.getMetadata().getNamespace()).isEqualTo(ns);
    assertThat(scale.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app=scaled");

    CronTab scaled = crontabs.withName("scaled").scale(3);
    assertThat(scaled.getSpec().replicas).isEqualTo(3);
    CronTab stored = crontabs.withName("scaled").get();
    assertThat(stored.getSpec().replicas).isEqualTo(3);
    assertThat(stored.getSpec().image).isEqualTo("s:1");
    assertThat(stored.getStatus().phase).isEqualTo("Running");
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(crontabs.withName("scaled").scale().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void crdGeneratorOutputIsAcceptedAndServed(@TempDir Path out) throws Exception {
    int generated = new CRDGenerator().customResourceClasses(Backup.class).forCRDVersions("v1")
        .inOutputDir(out.toFile()).generate();
    assertThat(generated).isEqualTo(1);
    Path file = out.resolve("backups.generated.example.com-v1.yml");
    assertThat(file).exists();

    List<HasMetadata> loaded;
    try (InputStream in = Files.newInputStream(file)) {
      loaded = client.load(in).items();
    }
    assertThat(loaded).hasSize(1).first().isInstanceOf(CustomResourceDefinition.class);
    CustomResourceDefinition crd = (CustomResourceDefinition) client.resource(loaded.get(0)).create();
    assertThat(crd.getMetadata().getName()).isEqualTo("backups.generated.example.com");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("bk");

    CustomResourceDefinition ready = established(client, "backups.generated.example.com");
    assertThat(ready.getStatus().getAcceptedNames().getKind()).isEqualTo("Backup");
    assertThat(ready.getStatus().getAcceptedNames().getPlural()).isEqualTo("backups");
    assertThat(ready.getStatus().getAcceptedNames().getShortNames()).containsExactly("bk");
    assertThat(ready.getStatus().getStoredVersions()).containsExactly("v1");
    assertThat(client.supports(Backup.class)).isTrue();

    String ns = namespace("crd-generated");
    var backups = client.resources(Backup.class).inNamespace(ns);
    Backup backup = new Backup();
    backup.setMetadata(new ObjectMetaBuilder().withName("daily").withNamespace(ns).build());
    BackupSpec spec = new BackupSpec();
    spec.schedule = "@daily";
    spec.copies = 2;
    backup.setSpec(spec);
    Backup created = backups.resource(backup).create();
    assertThat(created.getSpec().schedule).isEqualTo("@daily");

    BackupStatus status = new BackupStatus();
    status.lastRun = "never";
    status.copies = 0;
    status.selector = "backup=daily";
    created.setStatus(status);
    assertThat(backups.resource(created).updateStatus().getStatus().lastRun).isEqualTo("never");
    Scale scale = backups.withName("daily").scale();
    assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(0);
    assertThat(scale.getStatus().getSelector()).isEqualTo("backup=daily");
    assertThat(backups.list().getItems()).extracting(b -> b.getMetadata().getName()).containsExactly("daily");
  }

  @Test
  void deletingTheCrdRemovesItsResourcesAndStopsServing() throws Exception {
    String name = "widgets.ephemeral.example.com";
    CustomResourceDefinition definition = new CustomResourceDefinitionBuilder().withNewMetadata().withName(name)
        .endMetadata().withNewSpec().withGroup("ephemeral.example.com").withScope("Namespaced")
        .withNewNames().withPlural("widgets").withSingular("widget").withKind("Widget").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema()
        .withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
            .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
                .addToProperties("color", new JSONSchemaPropsBuilder().withType("string").build()).build())
            .build())
        .endSchema().endVersion().endSpec().build();
    var crds = client.apiextensions().v1().customResourceDefinitions();
    crds.resource(definition).create();
    established(client, name);

    String first = namespace("crd-delete-a");
    String second = namespace("crd-delete-b");
    var widgets = client.resources(Widget.class);
    for (String ns : List.of(first, second)) {
      Widget widget = new Widget();
      widget.setMetadata(new ObjectMetaBuilder().withName("w").withNamespace(ns).build());
      widget.setSpec(new WidgetSpec());
      widget.getSpec().color = "blue";
      if (ns.equals(second)) {
        // An operator's finalizer holds this one, and with it the CRD, until the operator lets go.
        widget.getMetadata().setFinalizers(List.of("example.com/hold"));
      }
      widgets.resource(widget).create();
    }
    assertThat(widgets.inAnyNamespace().list().getItems()).hasSize(2);

    crds.withName(name).delete();
    Await.until(DEADLINE, "the free widget deleted and the held one marked", () ->
        widgets.inNamespace(first).withName("w").get() == null
            && widgets.inNamespace(second).withName("w").get().getMetadata().getDeletionTimestamp() != null);
    CustomResourceDefinition terminating = crds.withName(name).get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getFinalizers()).contains("customresourcecleanup.apiextensions.k8s.io");
    assertThat(isTrue(terminating, "Terminating")).as("Terminating condition").isTrue();
    // Checked at the end, so that a difference here does not hide the rest of the scenario.
    List<String> verbsWhileTerminating = client.getApiResources("ephemeral.example.com/v1").getResources().stream()
        .filter(r -> r.getName().equals("widgets")).findFirst().orElseThrow().getVerbs();

    Widget late = new Widget();
    late.setMetadata(new ObjectMetaBuilder().withName("late").withNamespace(first).build());
    assertThatThrownBy(() -> widgets.resource(late).create()).satisfies(e -> assertStatus(e, 405,
        "MethodNotAllowed", "create not allowed while custom resource definition is terminating"));

    widgets.inNamespace(second).withName("w").edit(w -> {
      w.getMetadata().setFinalizers(List.of());
      return w;
    });
    Await.until(DEADLINE, "the deleted CRD " + name + " to go", () -> crds.withName(name).get() == null);

    assertThatThrownBy(() -> client.resources(Widget.class).inAnyNamespace().list())
        .satisfies(e -> assertStatus(e, 404, "NotFound"));
    assertThatThrownBy(() -> client.resources(Widget.class).inNamespace(first).list())
        .satisfies(e -> assertStatus(e, 404, "NotFound"));
    assertThat(client.resources(Widget.class).inNamespace(first).withName("w").get()).isNull();
    assertThat(client.supports(Widget.class)).isFalse();

    // The same definition again serves an empty kind: the old resources were deleted, not hidden.
    crds.resource(definition).create();
    established(client, name);
    assertThat(client.resources(Widget.class).inAnyNamespace().list().getItems()).isEmpty();

    assertThat(verbsWhileTerminating).as("discovery of a terminating kind offers no create, update or patch")
        .containsExactly("delete", "deletecollection", "get", "list", "watch");
  }
}
