package dev.capstan.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.capstan.api.ApiException;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.schema.OpenApiSchemas;
import dev.capstan.server.schema.Schema;
import dev.capstan.server.schema.SchemaModel;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class OpenApiServiceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  private static final OpenApiService.Conditions NONE = OpenApiService.Conditions.NONE;

  /** Upstream's shapes, stated the way upstream publishes them, for a Pod and a Deployment. */
  private static final Map<String, JsonNode> COMPONENTS = components("""
      {
        "io.k8s.api.core.v1.Container": {"description": "A single application container.", "type": "object",
          "required": ["name"],
          "properties": {"name": {"type": "string", "description": "Name of the container."},
                         "image": {"type": "string"},
                         "ports": {"type": "array", "items": {"$ref": "#/components/schemas/io.k8s.api.core.v1.ContainerPort"},
                           "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
                           "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "containerPort"}}},
        "io.k8s.api.core.v1.ContainerPort": {"type": "object", "required": ["containerPort"],
          "properties": {"containerPort": {"type": "integer", "format": "int32"}, "protocol": {"type": "string"}}},
        "io.k8s.api.core.v1.PodSpec": {"type": "object", "required": ["containers"],
          "properties": {"containers": {"type": "array", "description": "The containers of the pod.",
            "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}], "default": {}},
            "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
            "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"},
            "nodeSelector": {"type": "object", "additionalProperties": {"type": "string"},
              "x-kubernetes-map-type": "atomic"}}},
        "io.k8s.api.core.v1.PodTemplateSpec": {"type": "object",
          "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}]}}},
        "io.k8s.api.core.v1.Pod": {"description": "Pod is a collection of containers.", "type": "object",
          "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}],
              "description": "Standard object's metadata."},
            "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}],
              "description": "The pod's desired state."}}},
        "io.k8s.api.apps.v1.DeploymentSpec": {"type": "object",
          "properties": {"replicas": {"type": "integer", "format": "int32"},
            "template": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}]},
            "strategy": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"}],
              "x-kubernetes-patch-strategy": "retainKeys"}}},
        "io.k8s.api.apps.v1.DeploymentStrategy": {"type": "object", "properties": {"type": {"type": "string"}}},
        "io.k8s.api.apps.v1.Deployment": {"description": "Deployment enables declarative updates.", "type": "object",
          "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]},
            "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}],
              "description": "Specification of the desired behavior."}}},
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {"type": "object",
          "properties": {"name": {"type": "string"}, "labels": {"type": "object",
            "additionalProperties": {"type": "string"}}}}
      }""");

  private static final SchemaModel MODEL = new SchemaModel() {
    @Override
    public Optional<Schema> kind(String group, String version, String kind) {
      String name = group.equals("apps") && kind.equals("Deployment") ? "io.k8s.api.apps.v1.Deployment"
          : group.isEmpty() && kind.equals("Pod") ? "io.k8s.api.core.v1.Pod" : null;
      return Optional.ofNullable(name).map(OpenApiServiceTest::named);
    }

    @Override
    public Optional<Schema> definition(String name) {
      return COMPONENTS.containsKey(name) ? Optional.of(named(name)) : Optional.empty();
    }
  };

  private static final ResourceDefinition PODS = ResourceDefinition.builder("", "v1", "pods", "Pod")
      .statusSubresource().subresource("binding", "", "v1", "Binding", "create")
      .subresource("exec", "", "v1", "PodExecOptions", "create", "get").returnsDeletedObject().build();
  private static final ResourceDefinition DEPLOYMENTS = ResourceDefinition.builder("apps", "v1", "deployments",
      "Deployment").statusSubresource().scaleSubresource().build();
  private static final ResourceDefinition CRONTABS = ResourceDefinition.builder("stable.example.com", "v1",
      "crontabs", "CronTab").build();
  private static final ResourceDefinition ROLES = ResourceDefinition.builder("rbac.authorization.k8s.io", "v1",
      "clusterroles", "ClusterRole").clusterScoped().build();

  private final AtomicReference<List<ResourceDefinition>> served =
      new AtomicReference<>(List.of(PODS, DEPLOYMENTS, CRONTABS, ROLES));
  private final OpenApiService service = new OpenApiService(served::get, MODEL, d -> d != CRONTABS, "v1.33.0",
      CLOCK);

  @Test
  void theIndexNamesEachGroupVersionByTheSha512OfItsDocument() throws Exception {
    OpenApiService.Reply index = service.v3Index(NONE);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.headers()).containsEntry("Content-Type", "application/json");
    JsonNode paths = JSON.readTree(index.body()).get("paths");
    assertThat(paths.propertyNames()).containsExactly("api/v1", "apis/apps/v1",
        "apis/rbac.authorization.k8s.io/v1", "apis/stable.example.com/v1");
    String url = paths.get("apis/apps/v1").get("serverRelativeURL").asString();
    OpenApiService.Reply doc = service.v3("apis/apps/v1", "application/json", null, NONE);
    String hash = OpenApiService.hash(doc.body());
    assertThat(hash).matches("[0-9A-F]{128}");
    assertThat(url).isEqualTo("/openapi/v3/apis/apps/v1?hash=" + hash);
    assertThat(doc.headers()).containsEntry("Etag", "\"" + hash + "\"").doesNotContainKey("Cache-Control");
  }

  @Test
  void aDocumentAskedByItsHashIsImmutableAndAStaleHashRedirectsToTheCurrentOne() {
    String hash = OpenApiService.hash(service.v3("api/v1", null, null, NONE).body());
    OpenApiService.Reply current = service.v3("api/v1", "application/json", hash, NONE);
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.headers()).containsEntry("Cache-Control", "public, immutable")
        .containsEntry("Expires", "Mon, 01 Mar 2027 10:00:00 UTC").containsEntry("Vary", "Accept");

    OpenApiService.Reply stale = service.v3("api/v1", "application/json", "0123ABC", NONE);
    assertThat(stale.status()).isEqualTo(301);
    assertThat(stale.headers()).containsEntry("Location", "/openapi/v3/api/v1?hash=" + hash)
        .doesNotContainKey("Cache-Control");
    assertThat(stale.body()).isEmpty();
  }

  @Test
  void aCurrentEtagAnswers304() {
    OpenApiService.Reply doc = service.v3("apis/apps/v1", "application/json", null, NONE);
    String etag = doc.headers().get("Etag");
    OpenApiService.Reply again = service.v3("apis/apps/v1", "application/json", null,
        new OpenApiService.Conditions("\"other\", " + etag, null));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(service.v3("apis/apps/v1", null, null, new OpenApiService.Conditions("\"other\"", null)).status())
        .isEqualTo(200);

    OpenApiService.Reply index = service.v3Index(NONE);
    assertThat(service.v3Index(new OpenApiService.Conditions(index.headers().get("Etag"), null)).status())
        .isEqualTo(304);
    assertThat(service.v2(null, new OpenApiService.Conditions(null, index.headers().get("Last-Modified")))
        .status()).isEqualTo(304);
  }

  @Test
  void unknownGroupVersionsAre404AndProtobufOnlyClientsOfV3Are406() {
    assertThatThrownBy(() -> service.v3("apis/nope/v1", null, null, NONE))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThat(service.v3("api/v1", "application/com.github.proto-openapi.spec.v3.v1.0+protobuf", null, NONE)
        .status()).isEqualTo(406);
    assertThat(service.v3("api/v1", "application/json, */*", null, NONE).status()).isEqualTo(200);
  }

  @Test
  void aKindsSchemaCarriesItsGvkAndTheListAndPatchTagsOfItsFields() throws Exception {
    JsonNode doc = v3("api/v1");
    JsonNode schemas = doc.get("components").get("schemas");
    JsonNode pod = schemas.get("io.k8s.api.core.v1.Pod");
    assertThat(pod.get("description").asString()).isEqualTo("Pod is a collection of containers.");
    assertThat(pod.get("x-kubernetes-group-version-kind")).isEqualTo(
        JSON.readTree("[{\"group\": \"\", \"kind\": \"Pod\", \"version\": \"v1\"}]"));
    assertThat(pod.get("properties").get("spec")).isEqualTo(JSON.readTree("""
        {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}],
         "description": "The pod's desired state."}"""));
    JsonNode containers = schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("containers");
    assertThat(containers.get("type").asString()).isEqualTo("array");
    assertThat(containers.get("items")).isEqualTo(JSON.readTree(
        "{\"$ref\": \"#/components/schemas/io.k8s.api.core.v1.Container\"}"));
    assertThat(containers.get("x-kubernetes-list-type").asString()).isEqualTo("map");
    assertThat(containers.get("x-kubernetes-list-map-keys")).isEqualTo(JSON.readTree("[\"name\"]"));
    assertThat(containers.get("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
    assertThat(containers.get("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    assertThat(schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("nodeSelector")
        .get("x-kubernetes-map-type").asString()).isEqualTo("atomic");
    assertThat(schemas.get("io.k8s.api.core.v1.Container").get("required")).isEqualTo(JSON.readTree("[\"name\"]"));
    assertThat(schemas.get("io.k8s.api.core.v1.Container").get("description").asString())
        .isEqualTo("A single application container.");
    JsonNode list = schemas.get("io.k8s.api.core.v1.PodList");
    assertThat(list.get("x-kubernetes-group-version-kind").get(0).get("kind").asString()).isEqualTo("PodList");

    JsonNode strategy = v3("apis/apps/v1").get("components").get("schemas").get("io.k8s.api.apps.v1.DeploymentSpec")
        .get("properties").get("strategy");
    assertThat(strategy).isEqualTo(JSON.readTree("""
        {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"}],
         "x-kubernetes-patch-strategy": "retainKeys"}"""));
  }

  @Test
  void patchListsFieldValidationAndStrategicMergeForBuiltInsOnly() throws Exception {
    JsonNode patch = v3("apis/apps/v1").get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")
        .get("patch");
    assertThat(patch.get("operationId").asString()).isEqualTo("patchAppsV1NamespacedDeployment");
    assertThat(patch.get("x-kubernetes-action").asString()).isEqualTo("patch");
    assertThat(patch.get("tags")).isEqualTo(JSON.readTree("[\"apps_v1\"]"));
    assertThat(patch.get("x-kubernetes-group-version-kind")).isEqualTo(
        JSON.readTree("{\"group\": \"apps\", \"kind\": \"Deployment\", \"version\": \"v1\"}"));
    assertThat(names(patch.get("parameters"))).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
    assertThat(patch.get("requestBody").get("content").propertyNames()).containsExactly(
        "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
        "application/strategic-merge-patch+json");
    assertThat(patch.get("responses").get("200").get("content").get("application/json").get("schema")
        .get("$ref").asString()).isEqualTo("#/components/schemas/io.k8s.api.apps.v1.Deployment");

    JsonNode crdPatch = v3("apis/stable.example.com/v1").get("paths")
        .get("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}").get("patch");
    assertThat(crdPatch.get("operationId").asString()).isEqualTo("patchStableExampleComV1NamespacedCronTab");
    assertThat(crdPatch.get("requestBody").get("content").propertyNames())
        .doesNotContain("application/strategic-merge-patch+json").contains("application/apply-patch+yaml");
    assertThat(v3("apis/stable.example.com/v1").get("components").get("schemas").get("com.example.stable.v1.CronTab")
        .get("x-kubernetes-group-version-kind").get(0).get("kind").asString()).isEqualTo("CronTab");
  }

  @Test
  void pathsAndOperationIdsFollowUpstreamsInstaller() throws Exception {
    JsonNode core = v3("api/v1").get("paths");
    assertThat(core.propertyNames()).contains("/api/v1/namespaces/{namespace}/pods",
        "/api/v1/namespaces/{namespace}/pods/{name}", "/api/v1/namespaces/{namespace}/pods/{name}/status",
        "/api/v1/namespaces/{namespace}/pods/{name}/binding", "/api/v1/pods", "/api/v1/watch/pods",
        "/api/v1/watch/namespaces/{namespace}/pods", "/api/v1/watch/namespaces/{namespace}/pods/{name}")
        .doesNotContain("/api/v1/namespaces/{namespace}/pods/{name}/exec");
    assertThat(core.get("/api/v1/namespaces/{namespace}/pods").get("delete").get("operationId").asString())
        .isEqualTo("deleteCoreV1CollectionNamespacedPod");
    assertThat(core.get("/api/v1/pods").get("get").get("operationId").asString())
        .isEqualTo("listCoreV1PodForAllNamespaces");
    assertThat(core.get("/api/v1/namespaces/{namespace}/pods/{name}/binding").get("post").get("operationId")
        .asString()).isEqualTo("createCoreV1NamespacedPodBinding");
    assertThat(core.get("/api/v1/namespaces/{namespace}/pods/{name}").get("delete").get("responses").get("200")
        .get("content").get("application/json").get("schema").get("$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Pod");
    JsonNode scale = v3("apis/apps/v1").get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
    assertThat(scale.get("put").get("operationId").asString()).isEqualTo("replaceAppsV1NamespacedDeploymentScale");
    assertThat(scale.get("get").get("x-kubernetes-group-version-kind").get("group").asString())
        .isEqualTo("autoscaling");
    JsonNode rbac = v3("apis/rbac.authorization.k8s.io/v1").get("paths");
    assertThat(rbac.get("/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}").get("get").get("operationId")
        .asString()).isEqualTo("readRbacAuthorizationV1ClusterRole");
    assertThat(rbac.get("/apis/rbac.authorization.k8s.io/v1/clusterroles").get("get").get("tags").get(0).asString())
        .isEqualTo("rbacAuthorization_v1");
  }

  @Test
  void everyReferenceResolvesInEveryDocument() throws Exception {
    for (String gv : List.of("api/v1", "apis/apps/v1", "apis/stable.example.com/v1",
        "apis/rbac.authorization.k8s.io/v1")) {
      JsonNode doc = v3(gv);
      Set<String> refs = new HashSet<>();
      Definitions.references(doc, refs);
      assertThat(doc.get("components").get("schemas").propertyNames()).as(gv).containsAll(refs);
    }
    JsonNode v2 = JSON.readTree(service.v2("application/json", NONE).body());
    List<String> refs = new ArrayList<>();
    collectV2Refs(v2, refs);
    assertThat(refs).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("#/definitions/"));
    assertThat(v2.get("definitions").propertyNames())
        .containsAll(refs.stream().map(r -> r.substring("#/definitions/".length())).toList());
  }

  @Test
  void v2WritesFieldsAsPlainReferencesAndPatchesWithTheirMediaTypes() throws Exception {
    JsonNode v2 = JSON.readTree(service.v2(null, NONE).body());
    assertThat(v2.get("swagger").asString()).isEqualTo("2.0");
    assertThat(v2.get("definitions").get("io.k8s.api.core.v1.Pod").get("properties").get("spec")).isEqualTo(
        JSON.readTree("{\"$ref\": \"#/definitions/io.k8s.api.core.v1.PodSpec\", "
            + "\"description\": \"The pod's desired state.\"}"));
    JsonNode patch = v2.get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
    assertThat(patch.get("consumes")).isEqualTo(JSON.readTree("[\"application/apply-patch+yaml\", "
        + "\"application/json-patch+json\", \"application/merge-patch+json\", "
        + "\"application/strategic-merge-patch+json\"]"));
    assertThat(names(patch.get("parameters"))).containsExactly("body", "dryRun", "fieldManager", "fieldValidation",
        "force");
  }

  @Test
  void v2ProtobufIsGnosticsDocumentWithTheSameDefinitionsAsV2Json() throws Exception {
    OpenApiService.Reply json = service.v2("application/json", NONE);
    OpenApiService.Reply pb = service.v2(OpenApiService.V2_PROTOBUF_DEPRECATED + ", application/json", NONE);
    assertThat(pb.headers()).containsEntry("Content-Type", OpenApiService.V2_PROTOBUF)
        .containsEntry("Etag", json.headers().get("Etag"));
    JsonNode v2 = JSON.readTree(json.body());

    Fields doc = Fields.parse(ByteString.copyFrom(pb.body()));
    assertThat(doc.string(GnosticV2.DOCUMENT_SWAGGER)).isEqualTo("2.0");
    assertThat(doc.message(GnosticV2.DOCUMENT_INFO).string(GnosticV2.INFO_TITLE)).isEqualTo("Kubernetes");
    Map<String, Fields> definitions = named(doc.message(GnosticV2.DOCUMENT_DEFINITIONS)
        .messages(GnosticV2.DEFINITIONS_ADDITIONAL_PROPERTIES));
    assertThat(new TreeSet<>(definitions.keySet())).isEqualTo(new TreeSet<>(v2.get("definitions").propertyNames()));

    Fields deployment = definitions.get("io.k8s.api.apps.v1.Deployment");
    Map<String, Fields> extensions = named(deployment.messages(GnosticV2.SCHEMA_VENDOR_EXTENSION));
    String gvkYaml = extensions.get("x-kubernetes-group-version-kind").string(GnosticV2.ANY_YAML);
    assertThat(YAMLMapper.builder().build().readTree(gvkYaml))
        .isEqualTo(v2.get("definitions").get("io.k8s.api.apps.v1.Deployment").get("x-kubernetes-group-version-kind"));

    Fields spec = named(definitions.get("io.k8s.api.core.v1.PodSpec").message(GnosticV2.SCHEMA_PROPERTIES)
        .messages(GnosticV2.PROPERTIES_ADDITIONAL_PROPERTIES)).get("containers");
    Map<String, Fields> tags = named(spec.messages(GnosticV2.SCHEMA_VENDOR_EXTENSION));
    assertThat(tags.get("x-kubernetes-patch-strategy").string(GnosticV2.ANY_YAML)).isEqualTo("merge\n");
    assertThat(tags.get("x-kubernetes-patch-merge-key").string(GnosticV2.ANY_YAML)).isEqualTo("name\n");
    assertThat(spec.message(GnosticV2.SCHEMA_TYPE).string(GnosticV2.TYPE_ITEM_VALUE)).isEqualTo("array");
    assertThat(spec.message(GnosticV2.SCHEMA_ITEMS).message(GnosticV2.ITEMS_ITEM_SCHEMA).string(GnosticV2.SCHEMA_REF))
        .isEqualTo("#/definitions/io.k8s.api.core.v1.Container");

    Map<String, Fields> paths = named(doc.message(GnosticV2.DOCUMENT_PATHS).messages(GnosticV2.PATHS_PATH));
    Fields patch = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")
        .message(GnosticV2.PATH_ITEM_PATCH);
    assertThat(patch.string(GnosticV2.OPERATION_ID)).isEqualTo("patchAppsV1NamespacedDeployment");
    assertThat(patch.strings(GnosticV2.OPERATION_CONSUMES)).contains("application/strategic-merge-patch+json");
    List<String> queryNames = new ArrayList<>();
    for (Fields item : patch.messages(GnosticV2.OPERATION_PARAMETERS)) {
      Fields nonBody = item.message(GnosticV2.PARAMETERS_ITEM_PARAMETER).message(GnosticV2.PARAMETER_NON_BODY);
      if (nonBody != null) {
        queryNames.add(nonBody.message(GnosticV2.NON_BODY_QUERY).string(GnosticV2.QUERY_NAME));
      }
    }
    assertThat(queryNames).contains("fieldValidation", "force");
  }

  @Test
  void invalidatingPicksUpGroupVersionsAddedSince() throws Exception {
    assertThat(JSON.readTree(service.v3Index(NONE).body()).get("paths").propertyNames()).hasSize(4);
    served.set(List.of(PODS));
    assertThat(JSON.readTree(service.v3Index(NONE).body()).get("paths").propertyNames()).hasSize(4);
    service.invalidate();
    assertThat(JSON.readTree(service.v3Index(NONE).body()).get("paths").propertyNames()).containsExactly("api/v1");
  }

  @Test
  void acceptNegotiationPrefersQualityThenExactTypes() {
    List<String> offered = List.of("application/json", OpenApiService.V2_PROTOBUF_DEPRECATED);
    assertThat(OpenApiService.negotiate(OpenApiService.V2_PROTOBUF_DEPRECATED + ", */*", offered))
        .isEqualTo(OpenApiService.V2_PROTOBUF_DEPRECATED);
    assertThat(OpenApiService.negotiate("*/*;q=0.9, " + OpenApiService.V2_PROTOBUF_DEPRECATED + ";q=0.5", offered))
        .isEqualTo("application/json");
    assertThat(OpenApiService.negotiate(null, offered)).isEqualTo("application/json");
    assertThat(OpenApiService.negotiate("text/html", offered)).isNull();
  }

  @Test
  void yamlOfExtensionsReadsBackAsTheSameValue() throws Exception {
    YAMLMapper yaml = YAMLMapper.builder().build();
    for (String json : List.of("[{\"group\": \"\", \"kind\": \"Pod\", \"version\": \"v1\"}]", "\"merge,retainKeys\"",
        "[\"containerPort\", \"protocol\"]", "true", "{\"a\": {\"b\": [1, \"x: y\"]}, \"true\": \"null\"}")) {
      JsonNode value = JSON.readTree(json);
      assertThat(yaml.readTree(GnosticV2.Yaml.write(value))).as(json).isEqualTo(value);
    }
  }

  private JsonNode v3(String gv) throws IOException {
    return JSON.readTree(service.v3(gv, "application/json", null, NONE).body());
  }

  private static Schema named(String name) {
    return OpenApiSchemas.parse(JSON.readTree("{\"$ref\": \"#/components/schemas/" + name + "\"}"), COMPONENTS);
  }

  private static Map<String, JsonNode> components(String json) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    JSON.readTree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static List<String> names(JsonNode params) {
    List<String> out = new ArrayList<>();
    params.forEach(p -> out.add(p.get("name").asString()));
    return out;
  }

  private static void collectV2Refs(JsonNode node, List<String> into) {
    if (node.isObject()) {
      if (node.has("$ref")) {
        into.add(node.get("$ref").asString());
      }
      node.properties().forEach(e -> collectV2Refs(e.getValue(), into));
    } else if (node.isArray()) {
      node.forEach(n -> collectV2Refs(n, into));
    }
  }

  private static Map<String, Fields> named(List<Fields> entries) {
    Map<String, Fields> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.string(GnosticV2.NAMED_NAME), e.message(GnosticV2.NAMED_VALUE)));
    return out;
  }

  /** A protobuf message read without its schema: each field number's values, length-delimited ones as bytes. */
  private record Fields(Map<Integer, List<Object>> values) {
    static Fields parse(ByteString bytes) throws IOException {
      Map<Integer, List<Object>> values = new LinkedHashMap<>();
      CodedInputStream in = bytes.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        Object v = switch (WireFormat.getTagWireType(tag)) {
          case WireFormat.WIRETYPE_VARINT -> in.readInt64();
          case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes();
          default -> throw new IllegalStateException("unexpected wire type in tag " + tag);
        };
        values.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(v);
      }
      return new Fields(values);
    }

    String string(int field) {
      List<Object> v = values.get(field);
      return v == null ? "" : ((ByteString) v.get(0)).toStringUtf8();
    }

    List<String> strings(int field) {
      return values.getOrDefault(field, List.of()).stream().map(b -> ((ByteString) b).toStringUtf8()).toList();
    }

    Fields message(int field) {
      List<Fields> all = messages(field);
      return all.isEmpty() ? null : all.get(0);
    }

    List<Fields> messages(int field) {
      List<Fields> out = new ArrayList<>();
      for (Object b : values.getOrDefault(field, List.of())) {
        try {
          out.add(parse((ByteString) b));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
  }
}
