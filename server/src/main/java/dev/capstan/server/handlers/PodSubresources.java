package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;
import dev.capstan.api.StatusDetails;
import dev.capstan.server.registry.DeleteRequest;
import dev.capstan.server.registry.ListOptions;
import dev.capstan.server.registry.Preconditions;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.pods.LabelSelectors;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/binding} (how a scheduler assigns a pod to a node) and {@code pods/eviction} (a delete that respects
 * disruption budgets), as upstream's pod storage serves them. Both answer 201 with a {@code Status} of success.
 */
final class PodSubresources {
  private static final GroupResource BINDING = new GroupResource("", "pods/binding");

  private final Registry registry;
  private final Clock clock;

  PodSubresources(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void bind(Context ctx, ResourceDefinition pods, String namespace, String name) {
    KubeObject binding = Encoding.decode(ctx, "v1", "Binding");
    if (!binding.name().isEmpty() && !binding.name().equals(name)) {
      throw ApiException.badRequest("name in URL does not match name in Binding object");
    }
    JsonNode target = binding.node().path("target");
    List<FieldError> errs = new ArrayList<>();
    String kind = target.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals("Node")) {
      errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, "target.kind", kind,
          "supported values: \"Node\", \"<empty>\""));
    }
    String node = target.path("name").asString("");
    if (node.isEmpty()) {
      errs.add(FieldError.required("target.name", ""));
    }
    if (!errs.isEmpty()) {
      throw FieldError.invalid("", "Binding", "Binding", name, errs);
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    // As upstream's binding storage: straight to storage, past the pod strategy that freezes the spec.
    UnaryOperator<KubeObject> assign = pod -> {
      if (pod.hasDeletionTimestamp()) {
        throw ApiException.conflict(BINDING, name, "pod " + name + " is being deleted, cannot be assigned to a host");
      }
      String assigned = pod.node().path("spec").path("nodeName").asString("");
      if (!assigned.isEmpty()) {
        throw ApiException.conflict(BINDING, name, "pod " + name + " is already assigned to node \"" + assigned
            + "\"");
      }
      ((ObjectNode) pod.node().withObject("spec")).put("nodeName", node);
      binding.metadata().path("annotations").properties()
          .forEach(e -> pod.metadata().withObject("annotations").set(e.getKey(), e.getValue().deepCopy()));
      ArrayNode conditions = ((ObjectNode) pod.node().withObject("status")).withArray("conditions");
      for (int i = conditions.size() - 1; i >= 0; i--) {
        if ("PodScheduled".equals(conditions.get(i).path("type").asString(""))) {
          conditions.remove(i);
        }
      }
      conditions.addObject().put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime")
          .put("lastTransitionTime", now);
      return pod;
    };
    String key = pods.key(namespace, name);
    if (ResourceHandler.dryRun(ctx)) {
      assign.apply(registry.store(pods).get(key));
    } else {
      registry.store(pods).guaranteedUpdate(key, Preconditions.NONE, assign::apply);
    }
    created(ctx);
  }

  void evict(Context ctx, ResourceDefinition pods, String namespace, String name) {
    KubeObject eviction = Encoding.decode(ctx, "policy/v1", "Eviction");
    if (!eviction.name().isEmpty() && !eviction.name().equals(name)) {
      throw ApiException.badRequest("name in URL does not match name in Eviction object");
    }
    KubeObject pod = registry.store(pods).get(pods.key(namespace, name));
    if (!ignoresBudgets(pod)) {
      checkBudgets(namespace, pod);
    }
    JsonNode options = eviction.node().path("deleteOptions");
    JsonNode p = options.path("preconditions");
    boolean dryRun = ResourceHandler.dryRun(ctx);
    for (JsonNode v : options.path("dryRun")) {
      dryRun |= v.asString("").equals("All");
    }
    Long grace = options.path("gracePeriodSeconds").isIntegralNumber() ? options.path("gracePeriodSeconds").asLong()
        : null;
    registry.delete(pods, namespace, name, new DeleteRequest(new Preconditions(p.path("uid").asString(""),
        p.path("resourceVersion").asString("")), dryRun, grace, options.path("propagationPolicy").asString("")));
    created(ctx);
  }

  /** Upstream evicts pods that are not running (or already terminating) without consulting budgets. */
  private static boolean ignoresBudgets(KubeObject pod) {
    String phase = pod.node().path("status").path("phase").asString("");
    return pod.hasDeletionTimestamp() || phase.equals("Pending") || phase.equals("Succeeded")
        || phase.equals("Failed");
  }

  private void checkBudgets(String namespace, KubeObject pod) {
    ResourceDefinition pdbs = registry.catalog().lookup("policy", "v1", "poddisruptionbudgets").orElse(null);
    if (pdbs == null) {
      return;
    }
    List<KubeObject> matching = new ArrayList<>();
    for (KubeObject pdb : registry.store(pdbs).list(pdbs.keyPrefix(namespace), ListOptions.ALL).items()) {
      if (LabelSelectors.matches(pdb.node().path("spec").path("selector"), pod.metadata().path("labels"))) {
        matching.add(pdb);
      }
    }
    if (matching.size() > 1) {
      throw ApiException.internal("This pod has more than one PodDisruptionBudget, which the eviction subresource "
          + "does not support.");
    }
    if (matching.isEmpty()) {
      return;
    }
    KubeObject pdb = matching.get(0);
    JsonNode status = pdb.node().path("status");
    String cause;
    if (status.path("observedGeneration").asLong(0) < pdb.metadata().path("generation").asLong(0)) {
      cause = "The disruption budget " + pdb.name() + " is still being processed by the server.";
    } else if (status.path("disruptionsAllowed").asLong(0) > 0) {
      return;
    } else {
      cause = "The disruption budget " + pdb.name() + " needs " + status.path("desiredHealthy").asLong(0)
          + " healthy pods and has " + status.path("currentHealthy").asLong(0) + " currently";
    }
    throw new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption "
        + "budget.", new StatusDetails("", "", "", null, 0,
            List.of(new StatusDetails.Cause("DisruptionBudget", cause, ""))));
  }

  private static void created(Context ctx) {
    ObjectNode status = Encoding.JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.put("code", 201);
    ctx.status(201);
    ctx.contentType("application/json");
    ctx.result(Encoding.JSON.writeValueAsBytes(status));
  }
}
