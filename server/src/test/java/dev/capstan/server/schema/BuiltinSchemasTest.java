package dev.capstan.server.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.server.catalog.BuiltinCatalog;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Built-in kinds resolve, with the types fabric8 gives and the tags upstream's Go types publish. */
class BuiltinSchemasTest {
  private static final SchemaModel MODEL = BuiltinSchemas.create();
  /** Connect subresources take query parameters only; upstream publishes no body schema for them. */
  private static final Set<String> CONNECT_OPTIONS = Set.of("PodAttachOptions", "PodPortForwardOptions",
      "PodProxyOptions", "NodeProxyOptions", "ServiceProxyOptions");

  private static Schema kind(String group, String version, String kind) {
    return MODEL.kind(group, version, kind).orElseThrow(() -> new AssertionError("no schema for " + kind));
  }

  /** The node at a dotted path; "[]" steps into list items, "{}" into map values. */
  private static Schema at(Schema root, String path) {
    Schema s = root;
    for (String step : path.split("\\.")) {
      s = switch (step) {
        case "[]" -> s.items();
        case "{}" -> s.values();
        default -> s.property(step);
      };
      assertThat(s).as(path + " at " + step).isNotNull();
    }
    return s;
  }

  private static void assertMapList(Schema list, String mergeKey, String... keys) {
    assertThat(list.type()).isEqualTo(Schema.Type.LIST);
    assertThat(list.listType()).isEqualTo(Schema.ListType.MAP);
    assertThat(list.listMapKeys()).containsExactly(keys);
    assertThat(list.patchStrategy()).isEqualTo("merge");
    assertThat(list.patchMergeKey()).isEqualTo(mergeKey);
  }

  private static void assertConditions(Schema root) {
    assertMapList(at(root, "status.conditions"), "type", "type");
  }

  @Test
  void everyKindOfTheCatalogResolvesToItsUpstreamDefinition() {
    List<String> missing = new ArrayList<>();
    for (ResourceDefinition d : BuiltinCatalog.create(Clock.systemUTC()).all()) {
      List<String[]> kinds = new ArrayList<>();
      kinds.add(new String[] {d.group(), d.version(), d.kind()});
      d.subresources().forEach(s -> kinds.add(new String[] {s.group(), s.version(), s.kind()}));
      for (String[] k : kinds) {
        if (CONNECT_OPTIONS.contains(k[2])) {
          continue;
        }
        var schema = MODEL.kind(k[0], k[1], k[2]);
        if (schema.isEmpty()) {
          missing.add(String.join("/", k));
          continue;
        }
        assertThat(schema.get().definition()).endsWith("." + k[2]);
        assertThat(schema.get().properties()).containsKeys("apiVersion", "kind");
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void unknownKindsAndWrongVersionsHaveNoSchema() {
    assertThat(MODEL.kind("apps", "v1", "Widget")).isEmpty();
    assertThat(MODEL.kind("apps", "v1beta1", "Deployment")).isEmpty();
    assertThat(MODEL.kind("", "v1", "Deployment")).isEmpty();
  }

  @Test
  void definitionsAreUpstreamNames() {
    Schema pod = kind("", "v1", "Pod");
    assertThat(pod.definition()).isEqualTo("io.k8s.api.core.v1.Pod");
    assertThat(at(pod, "metadata").definition()).isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(at(pod, "spec.containers.[]").definition()).isEqualTo("io.k8s.api.core.v1.Container");
    assertThat(at(kind("apps", "v1", "Deployment"), "spec.selector").definition())
        .isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector");
    assertThat(kind("apiextensions.k8s.io", "v1", "CustomResourceDefinition").definition())
        .isEqualTo("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition");
    assertThat(kind("apiregistration.k8s.io", "v1", "APIService").definition())
        .isEqualTo("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService");
    assertThat(at(kind("apiregistration.k8s.io", "v1", "APIService"), "spec.service").definition())
        .isEqualTo("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.ServiceReference");
  }

  @Test
  void scalarTypesAndFormatsFollowUpstream() {
    Schema pod = kind("", "v1", "Pod");
    Schema container = at(pod, "spec.containers.[]");
    assertThat(at(container, "name").type()).isEqualTo(Schema.Type.STRING);
    assertThat(at(container, "stdin").type()).isEqualTo(Schema.Type.BOOLEAN);
    Schema port = at(container, "ports.[].containerPort");
    assertThat(port.type()).isEqualTo(Schema.Type.INTEGER);
    assertThat(port.format()).isEqualTo("int32");
    Schema grace = at(pod, "spec.terminationGracePeriodSeconds");
    assertThat(grace.type()).isEqualTo(Schema.Type.INTEGER);
    assertThat(grace.format()).isEqualTo("int64");
    Schema probePort = at(container, "livenessProbe.httpGet.port");
    assertThat(probePort.type()).isEqualTo(Schema.Type.INT_OR_STRING);
    assertThat(probePort.definition()).isEqualTo("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
    assertThat(at(container, "resources.limits").type()).isEqualTo(Schema.Type.MAP);
    assertThat(at(container, "resources.limits.{}").definition())
        .isEqualTo("io.k8s.apimachinery.pkg.api.resource.Quantity");
    Schema created = at(pod, "metadata.creationTimestamp");
    assertThat(created.type()).isEqualTo(Schema.Type.STRING);
    assertThat(created.format()).isEqualTo("date-time");
    assertThat(at(pod, "status.conditions.[].lastTransitionTime").format()).isEqualTo("date-time");
    assertThat(at(pod, "metadata.labels").values().type()).isEqualTo(Schema.Type.STRING);
    assertThat(at(kind("apps", "v1", "ControllerRevision"), "data").preserveUnknownFields()).isTrue();
    assertThat(at(kind("apps", "v1", "ControllerRevision"), "revision").format()).isEqualTo("int64");
  }

  @Test
  void requiredFieldsFollowUpstream() {
    Schema pod = kind("", "v1", "Pod");
    assertThat(at(pod, "spec.containers.[]").required()).containsExactly("name");
    assertThat(at(pod, "spec").required()).containsExactly("containers");
    assertThat(at(pod, "metadata").required()).isEmpty();
    assertThat(at(kind("apps", "v1", "Deployment"), "spec").required()).containsExactlyInAnyOrder(
        "selector", "template");
    assertThat(at(pod, "metadata.ownerReferences.[]").required()).containsExactlyInAnyOrder(
        "apiVersion", "kind", "name", "uid");
  }

  @Test
  void metadataTagsAreSharedByEveryKind() {
    for (Schema root : List.of(kind("", "v1", "ConfigMap"), kind("apps", "v1", "Deployment"),
        kind("rbac.authorization.k8s.io", "v1", "ClusterRole"))) {
      Schema finalizers = at(root, "metadata.finalizers");
      assertThat(finalizers.listType()).isEqualTo(Schema.ListType.SET);
      assertThat(finalizers.patchStrategy()).isEqualTo("merge");
      assertMapList(at(root, "metadata.ownerReferences"), "uid", "uid");
      assertThat(at(root, "metadata.ownerReferences.[]").atomic()).isTrue();
      assertThat(at(root, "metadata.managedFields").listType()).isEqualTo(Schema.ListType.ATOMIC);
    }
  }

  @Test
  void metaConditionRequiresEveryFieldButObservedGeneration() {
    Schema condition = at(kind("", "v1", "Service"), "status.conditions.[]");
    assertThat(condition.definition()).isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.Condition");
    assertThat(condition.required()).containsExactlyInAnyOrder(
        "type", "status", "lastTransitionTime", "reason", "message");
    assertThat(at(condition, "lastTransitionTime").format()).isEqualTo("date-time");
    // Conditions of the older core types keep their times optional.
    assertThat(at(kind("", "v1", "Pod"), "status.conditions.[]").required()).containsExactlyInAnyOrder(
        "type", "status");
  }

  @Test
  void podSpecListsMergeByTheirUpstreamKeys() {
    Schema spec = at(kind("", "v1", "Pod"), "spec");
    assertMapList(at(spec, "containers"), "name", "name");
    assertMapList(at(spec, "initContainers"), "name", "name");
    assertMapList(at(spec, "ephemeralContainers"), "name", "name");
    assertMapList(at(spec, "imagePullSecrets"), "name", "name");
    assertMapList(at(spec, "hostAliases"), "ip", "ip");
    assertMapList(at(spec, "topologySpreadConstraints"), "topologyKey", "topologyKey", "whenUnsatisfiable");
    Schema volumes = at(spec, "volumes");
    assertThat(volumes.listType()).isEqualTo(Schema.ListType.MAP);
    assertThat(volumes.listMapKeys()).containsExactly("name");
    assertThat(volumes.patchStrategy()).isEqualTo("merge,retainKeys");
    assertThat(at(spec, "tolerations").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(spec, "tolerations").patchStrategy()).isNull();
    assertThat(at(spec, "nodeSelector").atomic()).isTrue();
    Schema container = at(spec, "containers.[]");
    assertMapList(at(container, "ports"), "containerPort", "containerPort", "protocol");
    assertMapList(at(container, "env"), "name", "name");
    assertMapList(at(container, "volumeMounts"), "mountPath", "mountPath");
    assertMapList(at(container, "volumeDevices"), "devicePath", "devicePath");
    assertThat(at(container, "resizePolicy").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(container, "command").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(container, "env.[].valueFrom.secretKeyRef").atomic()).isTrue();
  }

  @Test
  void factsPerServedKind() {
    Schema deployment = kind("apps", "v1", "Deployment");
    assertMapList(at(deployment, "spec.template.spec.containers"), "name", "name");
    assertThat(at(deployment, "spec.selector").atomic()).isTrue();
    assertThat(at(deployment, "spec.selector.matchExpressions").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(deployment, "spec.strategy").patchStrategy()).isEqualTo("retainKeys");
    assertThat(at(deployment, "spec.strategy.rollingUpdate.maxSurge").type())
        .isEqualTo(Schema.Type.INT_OR_STRING);
    assertConditions(deployment);
    assertConditions(kind("apps", "v1", "ReplicaSet"));
    assertConditions(kind("apps", "v1", "DaemonSet"));
    Schema sts = kind("apps", "v1", "StatefulSet");
    assertConditions(sts);
    assertThat(at(sts, "spec.volumeClaimTemplates").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(sts, "spec").required()).contains("selector", "template");

    Schema pod = kind("", "v1", "Pod");
    assertConditions(pod);
    assertMapList(at(pod, "status.podIPs"), "ip", "ip");
    assertThat(at(pod, "status.containerStatuses").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertMapList(at(kind("", "v1", "Service"), "spec.ports"), "port", "port", "protocol");
    assertThat(at(kind("", "v1", "Service"), "spec.selector").atomic()).isTrue();
    assertConditions(kind("", "v1", "ReplicationController"));
    assertThat(at(kind("", "v1", "ReplicationController"), "spec.selector").atomic()).isTrue();
    assertMapList(at(kind("", "v1", "PodTemplate"), "template.spec.containers"), "name", "name");
    assertConditions(kind("", "v1", "PersistentVolumeClaim"));
    assertThat(at(kind("", "v1", "PersistentVolumeClaim"), "spec.accessModes").listType())
        .isEqualTo(Schema.ListType.ATOMIC);
    Schema pv = kind("", "v1", "PersistentVolume");
    assertThat(at(pv, "spec.mountOptions").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(pv, "spec.nodeAffinity.required").atomic()).isTrue();
  }

  @Test
  void fieldTagsOverrideTheTypeTheyHold() {
    // ObjectReference is atomic as a type; PersistentVolumeSpec.claimRef alone is marked granular.
    Schema claimRef = at(kind("", "v1", "PersistentVolume"), "spec.claimRef");
    assertThat(claimRef.definition()).isEqualTo("io.k8s.api.core.v1.ObjectReference");
    assertThat(claimRef.atomic()).isFalse();
    Schema involved = at(kind("", "v1", "Event"), "involvedObject");
    assertThat(involved.definition()).isEqualTo(claimRef.definition());
    assertThat(involved.atomic()).isTrue();
  }

  @Test
  void coreKindsCarryUpstreamTags() {
    Schema service = kind("", "v1", "Service");
    assertThat(at(service, "spec.ports.[]").required()).containsExactly("port");
    assertThat(at(service, "spec.clusterIPs").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(service, "spec.ipFamilies").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertConditions(service);

    Schema node = kind("", "v1", "Node");
    assertConditions(node);
    assertMapList(at(node, "status.addresses"), "type", "type");
    assertThat(at(node, "status.addresses.[]").required()).containsExactlyInAnyOrder("type", "address");
    assertThat(at(node, "spec.podCIDRs").listType()).isEqualTo(Schema.ListType.SET);
    assertThat(at(node, "spec.podCIDRs").patchStrategy()).isEqualTo("merge");
    assertThat(at(node, "spec.taints").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(node, "status.images").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(node, "status.conditions.[].lastHeartbeatTime").format()).isEqualTo("date-time");
    assertThat(at(node, "status.daemonEndpoints.kubeletEndpoint").required()).containsExactly("Port");

    Schema namespace = kind("", "v1", "Namespace");
    assertThat(at(namespace, "spec.finalizers").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(namespace, "spec.finalizers").patchStrategy()).isNull();
    assertConditions(namespace);

    Schema endpoints = kind("", "v1", "Endpoints");
    assertThat(at(endpoints, "subsets").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(endpoints, "subsets.[].addresses").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(endpoints, "subsets.[].addresses.[]").atomic()).isTrue();
    assertThat(at(endpoints, "subsets.[].addresses.[]").required()).containsExactly("ip");
    assertThat(at(endpoints, "subsets.[].ports.[]").atomic()).isTrue();

    Schema event = kind("", "v1", "Event");
    assertThat(event.required()).containsExactlyInAnyOrder("metadata", "involvedObject");
    assertThat(at(event, "eventTime").format()).isEqualTo("date-time");
    assertThat(at(event, "eventTime").definition()).endsWith(".MicroTime");
    assertThat(at(event, "firstTimestamp").format()).isEqualTo("date-time");
    assertThat(at(event, "series.lastObservedTime").definition()).endsWith(".MicroTime");

    Schema secret = kind("", "v1", "Secret");
    assertThat(at(secret, "data.{}").format()).isEqualTo("byte");
    assertThat(at(secret, "stringData.{}").format()).isNull();
    assertThat(at(kind("", "v1", "ConfigMap"), "binaryData.{}").format()).isEqualTo("byte");
    assertThat(at(kind("", "v1", "ConfigMap"), "data.{}").format()).isNull();

    Schema account = kind("", "v1", "ServiceAccount");
    assertMapList(at(account, "secrets"), "name", "name");
    assertThat(at(account, "imagePullSecrets").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(account, "imagePullSecrets.[]").atomic()).isTrue();

    Schema limits = kind("", "v1", "LimitRange");
    assertThat(at(limits, "spec").required()).containsExactly("limits");
    assertThat(at(limits, "spec.limits").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(limits, "spec.limits.[]").required()).containsExactly("type");
    Schema quota = kind("", "v1", "ResourceQuota");
    assertThat(at(quota, "spec.scopes").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(quota, "spec.scopeSelector").atomic()).isTrue();
    assertThat(at(quota, "spec.scopeSelector.matchExpressions.[]").required())
        .containsExactlyInAnyOrder("scopeName", "operator");

    Schema pvc = kind("", "v1", "PersistentVolumeClaim");
    assertThat(at(pvc, "spec.dataSource").atomic()).isTrue();
    assertThat(at(pvc, "spec.dataSource").required()).containsExactlyInAnyOrder("kind", "name");
    assertThat(at(kind("", "v1", "Pod"), "spec.securityContext.sysctls.[]").required())
        .containsExactlyInAnyOrder("name", "value");
    assertThat(at(kind("", "v1", "ComponentStatus"), "conditions").listMapKeys()).containsExactly("type");
  }

  @Test
  void batchKindsCarryUpstreamTags() {
    Schema job = kind("batch", "v1", "Job");
    assertThat(at(job, "spec").required()).containsExactly("template");
    assertThat(at(job, "spec.podFailurePolicy.rules").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(job, "spec.podFailurePolicy.rules.[]").required()).containsExactly("action");
    Schema exitCodes = at(job, "spec.podFailurePolicy.rules.[].onExitCodes");
    assertThat(exitCodes.required()).containsExactlyInAnyOrder("operator", "values");
    assertThat(at(exitCodes, "values").listType()).isEqualTo(Schema.ListType.SET);
    // Job conditions merge by type under strategic merge patch yet are atomic for server-side apply.
    Schema conditions = at(job, "status.conditions");
    assertThat(conditions.listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(conditions.patchStrategy()).isEqualTo("merge");
    assertThat(conditions.patchMergeKey()).isEqualTo("type");
    assertThat(at(job, "status.startTime").format()).isEqualTo("date-time");
    assertThat(at(job, "status.uncountedTerminatedPods.failed").listType()).isEqualTo(Schema.ListType.SET);
    Schema cronJob = kind("batch", "v1", "CronJob");
    assertThat(at(cronJob, "spec").required()).containsExactlyInAnyOrder("schedule", "jobTemplate");
    assertThat(at(cronJob, "status.active").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(cronJob, "status.active.[]").atomic()).isTrue();
    assertThat(at(cronJob, "status.lastScheduleTime").format()).isEqualTo("date-time");
  }

  @Test
  void networkingKindsCarryUpstreamTags() {
    Schema policy = kind("networking.k8s.io", "v1", "NetworkPolicy");
    assertThat(at(policy, "spec.ingress").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(policy, "spec.egress").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(policy, "spec.policyTypes").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(policy, "spec.ingress.[].from.[].ipBlock").required()).containsExactly("cidr");
    assertThat(at(policy, "spec.egress.[].to.[].ipBlock.except").listType()).isEqualTo(Schema.ListType.ATOMIC);
    Schema ingress = kind("networking.k8s.io", "v1", "Ingress");
    assertThat(at(ingress, "spec.rules").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(ingress, "spec.tls.[].hosts").listType()).isEqualTo(Schema.ListType.ATOMIC);
    Schema path = at(ingress, "spec.rules.[].http.paths.[]");
    assertThat(path.required()).containsExactlyInAnyOrder("pathType", "backend");
    assertThat(at(path, "backend.service").required()).containsExactly("name");
    assertThat(at(path, "backend.service.port").atomic()).isTrue();
    assertThat(at(path, "backend.resource").atomic()).isTrue();
    assertThat(at(kind("networking.k8s.io", "v1", "IngressClass"), "spec.parameters").required())
        .containsExactlyInAnyOrder("kind", "name");
  }

  @Test
  void rbacAndPolicyKindsCarryUpstreamTags() {
    Schema clusterRole = kind("rbac.authorization.k8s.io", "v1", "ClusterRole");
    assertThat(at(clusterRole, "rules").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(clusterRole, "rules").patchStrategy()).isNull();
    assertThat(at(clusterRole, "rules.[]").required()).containsExactly("verbs");
    assertThat(at(clusterRole, "rules.[].resources").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(clusterRole, "aggregationRule.clusterRoleSelectors").listType())
        .isEqualTo(Schema.ListType.ATOMIC);
    Schema binding = kind("rbac.authorization.k8s.io", "v1", "RoleBinding");
    assertThat(binding.required()).containsExactly("roleRef");
    assertThat(at(binding, "roleRef").atomic()).isTrue();
    assertThat(at(binding, "roleRef").required()).containsExactlyInAnyOrder("apiGroup", "kind", "name");
    assertThat(at(binding, "subjects").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(binding, "subjects.[]").atomic()).isTrue();
    assertThat(at(binding, "subjects.[]").required()).containsExactlyInAnyOrder("kind", "name");

    Schema pdb = kind("policy", "v1", "PodDisruptionBudget");
    assertThat(at(pdb, "spec.selector").patchStrategy()).isEqualTo("replace");
    assertThat(at(pdb, "spec.selector").atomic()).isTrue();
    assertConditions(pdb);
    assertThat(at(pdb, "status.disruptedPods.{}").format()).isEqualTo("date-time");
    assertThat(at(pdb, "status").required()).contains("disruptionsAllowed", "expectedPods");
  }

  @Test
  void autoscalingKindsCarryUpstreamTags() {
    Schema v1 = kind("autoscaling", "v1", "HorizontalPodAutoscaler");
    assertThat(at(v1, "spec").required()).containsExactlyInAnyOrder("scaleTargetRef", "maxReplicas");
    assertThat(at(v1, "spec.scaleTargetRef").atomic()).isTrue();
    assertThat(at(v1, "spec.scaleTargetRef").required()).containsExactlyInAnyOrder("kind", "name");
    assertThat(at(v1, "status").required()).containsExactlyInAnyOrder("currentReplicas", "desiredReplicas");
    assertThat(at(v1, "status.lastScaleTime").format()).isEqualTo("date-time");
    assertThat(at(kind("autoscaling", "v1", "Scale"), "status").required()).containsExactly("replicas");

    Schema v2 = kind("autoscaling", "v2", "HorizontalPodAutoscaler");
    // Unlike v1, the v2 reference is granular.
    assertThat(at(v2, "spec.scaleTargetRef").atomic()).isFalse();
    assertThat(at(v2, "spec.metrics").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(v2, "spec.metrics.[]").required()).containsExactly("type");
    assertThat(at(v2, "spec.metrics.[].object").required())
        .containsExactlyInAnyOrder("describedObject", "target", "metric");
    assertThat(at(v2, "spec.metrics.[].containerResource").required())
        .containsExactlyInAnyOrder("name", "target", "container");
    assertThat(at(v2, "spec.behavior.scaleUp.policies").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(v2, "spec.behavior.scaleDown.policies.[]").required())
        .containsExactlyInAnyOrder("type", "value", "periodSeconds");
    assertConditions(v2);
    assertThat(at(v2, "status.conditions.[].lastTransitionTime").format()).isEqualTo("date-time");
    assertThat(at(v2, "status").required()).containsExactly("desiredReplicas");
    assertThat(at(v2, "status.currentMetrics").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(v2, "status.currentMetrics.[].pods").required()).containsExactlyInAnyOrder("metric", "current");
  }

  @Test
  void coordinationDiscoveryAndEventsKindsCarryUpstreamTags() {
    Schema lease = kind("coordination.k8s.io", "v1", "Lease");
    // fabric8 types these as ZonedDateTime; upstream publishes MicroTime strings.
    assertThat(at(lease, "spec.renewTime").type()).isEqualTo(Schema.Type.STRING);
    assertThat(at(lease, "spec.renewTime").format()).isEqualTo("date-time");
    assertThat(at(lease, "spec.acquireTime").definition()).endsWith(".MicroTime");

    Schema slice = kind("discovery.k8s.io", "v1", "EndpointSlice");
    assertThat(slice.required()).containsExactlyInAnyOrder("addressType", "endpoints");
    assertThat(at(slice, "endpoints").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(slice, "endpoints.[]").required()).containsExactly("addresses");
    assertThat(at(slice, "endpoints.[].addresses").listType()).isEqualTo(Schema.ListType.SET);
    assertThat(at(slice, "endpoints.[].targetRef").atomic()).isTrue();
    assertThat(at(slice, "endpoints.[].hints.forZones").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(slice, "endpoints.[].hints.forZones.[]").required()).containsExactly("name");
    assertThat(at(slice, "ports").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(slice, "ports.[]").atomic()).isTrue();

    Schema event = kind("events.k8s.io", "v1", "Event");
    assertThat(event.required()).containsExactly("eventTime");
    assertThat(at(event, "eventTime").definition()).endsWith(".MicroTime");
    assertThat(at(event, "deprecatedFirstTimestamp").format()).isEqualTo("date-time");
    assertThat(at(event, "deprecatedFirstTimestamp").definition()).endsWith(".Time");
    assertThat(at(event, "series").required()).containsExactlyInAnyOrder("count", "lastObservedTime");
    assertThat(at(event, "regarding").atomic()).isTrue();
  }

  @Test
  void storageSchedulingAndNodeKindsCarryUpstreamTags() {
    String storage = "storage.k8s.io";
    Schema storageClass = kind(storage, "v1", "StorageClass");
    assertThat(storageClass.required()).containsExactly("provisioner");
    assertThat(at(storageClass, "mountOptions").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(storageClass, "allowedTopologies").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(storageClass, "allowedTopologies.[]").atomic()).isTrue();
    Schema attachment = kind(storage, "v1", "VolumeAttachment");
    assertThat(attachment.required()).containsExactly("spec");
    assertThat(at(attachment, "spec").required()).containsExactlyInAnyOrder("attacher", "source", "nodeName");
    assertThat(at(attachment, "status").required()).containsExactly("attached");
    assertThat(at(attachment, "status.attachError.time").format()).isEqualTo("date-time");
    assertThat(at(attachment, "spec.source.inlineVolumeSpec.accessModes").listType())
        .isEqualTo(Schema.ListType.ATOMIC);
    Schema driver = kind(storage, "v1", "CSIDriver");
    assertThat(driver.required()).containsExactly("spec");
    assertThat(at(driver, "spec.volumeLifecycleModes").listType()).isEqualTo(Schema.ListType.SET);
    assertThat(at(driver, "spec.tokenRequests").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(driver, "spec.tokenRequests.[]").required()).containsExactly("audience");
    Schema csiNode = kind(storage, "v1", "CSINode");
    assertMapList(at(csiNode, "spec.drivers"), "name", "name");
    assertThat(at(csiNode, "spec.drivers.[]").required()).containsExactlyInAnyOrder("name", "nodeID");
    assertThat(at(csiNode, "spec.drivers.[].topologyKeys").listType()).isEqualTo(Schema.ListType.ATOMIC);
    Schema capacity = kind(storage, "v1", "CSIStorageCapacity");
    assertThat(capacity.required()).containsExactly("storageClassName");
    assertThat(at(capacity, "nodeTopology").atomic()).isTrue();

    assertThat(kind("scheduling.k8s.io", "v1", "PriorityClass").required()).containsExactly("value");

    Schema runtimeClass = kind("node.k8s.io", "v1", "RuntimeClass");
    assertThat(runtimeClass.required()).containsExactly("handler");
    assertThat(at(runtimeClass, "scheduling.nodeSelector").atomic()).isTrue();
    assertThat(at(runtimeClass, "scheduling.tolerations").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(runtimeClass, "overhead.podFixed.{}").definition()).isEqualTo(DefinitionNames.QUANTITY);
  }

  @Test
  void certificatesKindsCarryUpstreamTags() {
    Schema csr = kind("certificates.k8s.io", "v1", "CertificateSigningRequest");
    assertThat(csr.required()).containsExactly("spec");
    assertThat(at(csr, "spec").required()).containsExactlyInAnyOrder("request", "signerName");
    assertThat(at(csr, "spec.request").type()).isEqualTo(Schema.Type.STRING);
    assertThat(at(csr, "spec.request").format()).isEqualTo("byte");
    assertThat(at(csr, "spec.usages").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(csr, "spec.groups").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(csr, "status.certificate").format()).isEqualTo("byte");
    // Conditions are keyed by type for server-side apply, but strategic merge replaces the list.
    Schema conditions = at(csr, "status.conditions");
    assertThat(conditions.listType()).isEqualTo(Schema.ListType.MAP);
    assertThat(conditions.listMapKeys()).containsExactly("type");
    assertThat(conditions.patchStrategy()).isNull();
    assertThat(at(conditions, "[]").required()).containsExactlyInAnyOrder("type", "status");
    assertThat(at(conditions, "[].lastUpdateTime").format()).isEqualTo("date-time");
  }

  @Test
  void admissionRegistrationKindsCarryUpstreamTags() {
    String group = "admissionregistration.k8s.io";
    for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
      Schema config = kind(group, "v1", kind);
      assertMapList(at(config, "webhooks"), "name", "name");
      Schema webhook = at(config, "webhooks.[]");
      assertThat(webhook.required()).containsExactlyInAnyOrder(
          "name", "clientConfig", "sideEffects", "admissionReviewVersions");
      assertThat(at(webhook, "rules").listType()).isEqualTo(Schema.ListType.ATOMIC);
      assertThat(at(webhook, "rules").patchStrategy()).isNull();
      assertThat(at(webhook, "rules.[].operations").listType()).isEqualTo(Schema.ListType.ATOMIC);
      assertThat(at(webhook, "rules.[].apiGroups").listType()).isEqualTo(Schema.ListType.ATOMIC);
      assertThat(at(webhook, "admissionReviewVersions").listType()).isEqualTo(Schema.ListType.ATOMIC);
      assertMapList(at(webhook, "matchConditions"), "name", "name");
      assertThat(at(webhook, "matchConditions.[]").required()).containsExactlyInAnyOrder("name", "expression");
      assertThat(at(webhook, "clientConfig.caBundle").format()).isEqualTo("byte");
      assertThat(at(webhook, "clientConfig.service").required()).containsExactlyInAnyOrder("namespace", "name");
      assertThat(at(webhook, "namespaceSelector").atomic()).isTrue();
    }

    Schema policy = kind(group, "v1", "ValidatingAdmissionPolicy");
    assertThat(at(policy, "spec.paramKind").atomic()).isTrue();
    Schema constraints = at(policy, "spec.matchConstraints");
    assertThat(constraints.atomic()).isTrue();
    assertThat(at(constraints, "resourceRules").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(constraints, "resourceRules.[]").atomic()).isTrue();
    assertThat(at(constraints, "resourceRules.[].resourceNames").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(policy, "spec.validations").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(policy, "spec.validations.[]").required()).containsExactly("expression");
    assertThat(at(policy, "spec.auditAnnotations.[]").required()).containsExactlyInAnyOrder(
        "key", "valueExpression");
    assertMapList(at(policy, "spec.variables"), "name", "name");
    assertThat(at(policy, "spec.variables.[]").atomic()).isTrue();
    assertMapList(at(policy, "spec.matchConditions"), "name", "name");
    Schema policyConditions = at(policy, "status.conditions");
    assertThat(policyConditions.listType()).isEqualTo(Schema.ListType.MAP);
    assertThat(policyConditions.patchStrategy()).isNull();
    assertThat(at(policy, "status.typeChecking.expressionWarnings.[]").required())
        .containsExactlyInAnyOrder("fieldRef", "warning");

    Schema binding = kind(group, "v1", "ValidatingAdmissionPolicyBinding");
    assertThat(at(binding, "spec.validationActions").listType()).isEqualTo(Schema.ListType.SET);
    assertThat(at(binding, "spec.paramRef").atomic()).isTrue();
    assertThat(at(binding, "spec.matchResources").atomic()).isTrue();
  }

  @Test
  void apiExtensionsAndApiRegistrationKindsCarryUpstreamTags() {
    Schema crd = kind("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
    assertThat(crd.required()).containsExactly("spec");
    assertThat(at(crd, "spec").required()).containsExactlyInAnyOrder("group", "names", "scope", "versions");
    assertThat(at(crd, "spec.names").required()).containsExactlyInAnyOrder("plural", "kind");
    Schema version = at(crd, "spec.versions.[]");
    assertThat(version.required()).containsExactlyInAnyOrder("name", "served", "storage");
    assertThat(at(version, "additionalPrinterColumns.[]").required())
        .containsExactlyInAnyOrder("name", "type", "jsonPath");
    assertThat(at(version, "selectableFields").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(version, "subresources.scale").required())
        .containsExactlyInAnyOrder("specReplicasPath", "statusReplicasPath");
    Schema rules = at(version, "schema.openAPIV3Schema.x-kubernetes-validations");
    assertMapList(rules, "rule", "rule");
    assertThat(at(rules, "[]").required()).containsExactly("rule");
    // Nested schemas share the definition, so rules deep in the tree merge the same way.
    assertMapList(at(version, "schema.openAPIV3Schema.properties.{}.x-kubernetes-validations"), "rule", "rule");
    assertThat(at(crd, "spec.conversion").required()).containsExactly("strategy");
    assertThat(at(crd, "spec.conversion.webhook").required()).containsExactly("conversionReviewVersions");
    assertThat(at(crd, "spec.conversion.webhook.clientConfig.caBundle").format()).isEqualTo("byte");
    Schema crdConditions = at(crd, "status.conditions");
    assertThat(crdConditions.listType()).isEqualTo(Schema.ListType.MAP);
    assertThat(crdConditions.listMapKeys()).containsExactly("type");
    assertThat(crdConditions.patchStrategy()).isNull();
    assertThat(at(crdConditions, "[].lastTransitionTime").format()).isEqualTo("date-time");

    Schema apiService = kind("apiregistration.k8s.io", "v1", "APIService");
    assertThat(at(apiService, "spec").required())
        .containsExactlyInAnyOrder("groupPriorityMinimum", "versionPriority");
    assertThat(at(apiService, "spec.caBundle").format()).isEqualTo("byte");
    assertConditions(apiService);
    assertThat(at(apiService, "status.conditions.[]").required()).containsExactlyInAnyOrder("type", "status");
  }

  @Test
  void authenticationAndAuthorizationKindsCarryUpstreamTags() {
    Schema tokenReview = kind("authentication.k8s.io", "v1", "TokenReview");
    assertThat(tokenReview.required()).containsExactly("spec");
    assertThat(at(tokenReview, "spec.audiences").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(tokenReview, "status.user.groups").listType()).isEqualTo(Schema.ListType.ATOMIC);
    Schema tokenRequest = kind("authentication.k8s.io", "v1", "TokenRequest");
    assertThat(tokenRequest.required()).containsExactly("spec");
    assertThat(at(tokenRequest, "spec").required()).containsExactly("audiences");
    assertThat(at(tokenRequest, "status").required()).containsExactlyInAnyOrder("token", "expirationTimestamp");
    assertThat(at(tokenRequest, "status.expirationTimestamp").format()).isEqualTo("date-time");
    assertThat(at(kind("authentication.k8s.io", "v1", "SelfSubjectReview"), "status.userInfo.groups").listType())
        .isEqualTo(Schema.ListType.ATOMIC);

    String group = "authorization.k8s.io";
    for (String kind : List.of("SubjectAccessReview", "SelfSubjectAccessReview", "LocalSubjectAccessReview",
        "SelfSubjectRulesReview")) {
      assertThat(kind(group, "v1", kind).required()).as(kind).containsExactly("spec");
    }
    Schema review = kind(group, "v1", "SubjectAccessReview");
    assertThat(at(review, "spec.groups").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(review, "status").required()).containsExactly("allowed");
    Schema fieldRequirement = at(review, "spec.resourceAttributes.fieldSelector.requirements");
    assertThat(fieldRequirement.listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(fieldRequirement, "[]").required()).containsExactlyInAnyOrder("key", "operator");
    assertThat(at(review, "spec.resourceAttributes.labelSelector.requirements").listType())
        .isEqualTo(Schema.ListType.ATOMIC);
    Schema rules = kind(group, "v1", "SelfSubjectRulesReview");
    assertThat(at(rules, "status").required())
        .containsExactlyInAnyOrder("resourceRules", "nonResourceRules", "incomplete");
    assertThat(at(rules, "status.resourceRules").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(rules, "status.resourceRules.[]").required()).containsExactly("verbs");
    assertThat(at(rules, "status.resourceRules.[].resourceNames").listType()).isEqualTo(Schema.ListType.ATOMIC);
    assertThat(at(rules, "status.nonResourceRules.[].nonResourceURLs").listType())
        .isEqualTo(Schema.ListType.ATOMIC);
  }

  /**
   * A misspelt field or definition in the tag table would silently tag nothing; every recorded field of a definition
   * that a served kind reaches must be one of its properties.
   */
  @Test
  void tagTableNamesOnlyFieldsTheReachedDefinitionsHave() {
    Map<String, Set<String>> reached = new HashMap<>();
    Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ResourceDefinition d : BuiltinCatalog.create(Clock.systemUTC()).all()) {
      MODEL.kind(d.group(), d.version(), d.kind()).ifPresent(s -> collect(s, reached, seen));
      d.subresources().forEach(r -> MODEL.kind(r.group(), r.version(), r.kind())
          .ifPresent(s -> collect(s, reached, seen)));
    }
    UpstreamTags tags = UpstreamTags.load();
    List<String> unknown = new ArrayList<>();
    for (String line : tableLines()) {
      String[] cols = line.split("\t");
      Set<String> properties = reached.get(cols[0]);
      if (properties == null) {
        continue; // lists, options and kinds not served yet
      }
      List<String> named = cols[1].equals("*") ? tags.definition(cols[0]).list("required") : List.of(cols[1]);
      for (String field : named) {
        if (!properties.contains(field)) {
          unknown.add(cols[0] + " " + field);
        }
      }
    }
    assertThat(unknown).isEmpty();
    assertThat(reached).containsKeys("io.k8s.api.autoscaling.v2.HPAScalingPolicy",
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule");
  }

  private static List<String> tableLines() {
    try (var in = UpstreamTags.class.getResourceAsStream(UpstreamTags.RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void collect(Schema s, Map<String, Set<String>> reached, Set<Schema> seen) {
    if (s == null || !seen.add(s)) {
      return;
    }
    if (s.type() == Schema.Type.OBJECT) {
      if (s.definition() != null) {
        reached.computeIfAbsent(s.definition(), d -> new java.util.TreeSet<>()).addAll(s.properties().keySet());
      }
      s.properties().values().forEach(p -> collect(p, reached, seen));
    }
    collect(s.items(), reached, seen);
    collect(s.values(), reached, seen);
  }

  @Test
  void recursiveTypesAreFinite() {
    Schema crd = kind("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
    Schema props = at(crd, "spec.versions.[].schema.openAPIV3Schema");
    assertThat(at(props, "properties.{}").definition()).isEqualTo(props.definition());
    assertThat(at(props, "properties.{}.properties.{}.type").type()).isEqualTo(Schema.Type.STRING);
    assertThat(at(props, "items").preserveUnknownFields()).isTrue();
  }

  @Test
  void lookupsAreCached() {
    assertThat(MODEL.kind("apps", "v1", "Deployment").orElseThrow())
        .isSameAs(MODEL.kind("apps", "v1", "Deployment").orElseThrow());
  }

  @Test
  void tagTableRejectsUnknownFactsAndRepeats() {
    assertThatThrownBy(() -> UpstreamTags.parse("a.B\tf\tlistType=map\n"))
        .hasMessageContaining("listMapKeys");
    assertThatThrownBy(() -> UpstreamTags.parse("a.B\tf\tpatchKey=x\n")).hasMessageContaining("unknown fact");
    assertThatThrownBy(() -> UpstreamTags.parse("a.B\tf\tlistType=set\na.B\tf\tlistType=atomic\n"))
        .hasMessageContaining("repeats");
    assertThat(UpstreamTags.parse("# c\n\na.B\t*\trequired=x,y\n").definition("a.B").list("required"))
        .containsExactly("x", "y");
  }
}
