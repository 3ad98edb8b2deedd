package dev.capstan.server.crd;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.DeleteRequest;
import dev.capstan.server.registry.ListOptions;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.apiextensions.CrdConditions;
import dev.capstan.server.schema.Schema;
import dev.capstan.server.watchcache.CacheEvent;
import dev.capstan.server.watchcache.CacheWatcher;
import dev.capstan.server.watchcache.WatchCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's CRD controllers in one loop: names are accepted unless another CRD of the group holds them, a CRD with
 * accepted names is served and then marked Established, and a deleted CRD has its custom resources deleted before
 * its finalizer goes. Level-triggered: every CRD event, and a tick while a deletion waits, reconciles all CRDs.
 */
public final class CrdController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CrdController.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  private final Registry registry;
  private final CustomSchemas schemas;
  private final CustomVersions.Parts parts;
  private final Runnable apisChanged;
  private final Clock clock;
  private final ResourceDefinition crds;
  private final Schema objectMeta;
  /** What each CRD (by name) is served as now, with the CRD's state it was built from. */
  private final Map<String, Serving> serving = new HashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  private record Serving(String uid, long generation, JsonNode acceptedNames, List<CustomVersions.Served> versions,
      AtomicBoolean terminating) {}

  /**
   * @param apisChanged called after the served resources changed (OpenAPI documents are rebuilt)
   */
  public CrdController(Registry registry, CustomSchemas schemas, Runnable apisChanged, Clock clock) {
    this.registry = registry;
    this.schemas = schemas;
    this.parts = new CrdParts(new WebhookServices(registry));
    this.apisChanged = apisChanged;
    this.clock = clock;
    this.crds = registry.catalog().lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions")
        .orElseThrow(() -> new IllegalArgumentException("the catalog must serve customresourcedefinitions"));
    this.objectMeta = schemas.builtins().kind("", "v1", "ConfigMap")
        .map(s -> s.properties().get("metadata")).orElse(null);
    this.thread = new Thread(this::run, "crd-controller");
    thread.setDaemon(true);
  }

  /** Serves every CRD stored now before returning (so a restarted server answers for them), then follows changes. */
  public void start() {
    reconcile();
    thread.start();
  }

  private void run() {
    WatchCache cache = registry.cache(crds);
    while (!closed) {
      long from = cache.revision();
      try (CacheWatcher watcher = cache.watch(from, e -> true, 1024)) {
        reconcile();
        while (!closed && watcher.end() == CacheWatcher.End.NONE) {
          CacheEvent e = watcher.next(TICK);
          if (e != null) {
            while (watcher.next(Duration.ZERO) != null) {
              // one reconcile covers a burst
            }
            reconcile();
          } else if (anyTerminating()) {
            reconcile();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("CRD controller: {}", e.toString(), e);
          sleepQuietly();
        }
      }
    }
  }

  private boolean anyTerminating() {
    synchronized (serving) {
      return serving.values().stream().anyMatch(s -> s.terminating().get());
    }
  }

  /** One pass over every CRD; callable from the loop only (and once from {@link #start}). */
  synchronized void reconcile() {
    List<KubeObject> all;
    try {
      all = new ArrayList<>(registry.cache(crds).list(0, Duration.ofSeconds(5)).objects());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // Older CRDs keep their names when a newer one asks for the same.
    all.sort(Comparator.comparing((KubeObject o) -> o.metadata().path("creationTimestamp").asString(""))
        .thenComparing(KubeObject::name));
    Map<String, KubeObject> byName = new HashMap<>();
    for (KubeObject crd : all) {
      byName.put(crd.name(), crd);
    }
    boolean changed = false;
    for (KubeObject crd : all) {
      try {
        KubeObject current = acceptNames(crd, all);
        changed |= serve(current);
        current = establish(current);
        if (current.hasDeletionTimestamp()) {
          cleanUp(current);
        }
      } catch (ApiException e) {
        if (e.code() != 404 && e.code() != 409) {
          LOG.warn("CRD {}: {}", crd.name(), e.getMessage());
        }
      } catch (RuntimeException e) {
        // One CRD the server cannot serve must not keep the others from being served.
        LOG.warn("CRD {} cannot be served: {}", crd.name(), e.toString(), e);
      }
    }
    synchronized (serving) {
      for (String name : List.copyOf(serving.keySet())) {
        if (!byName.containsKey(name)) {
          changed |= stopServing(name);
        }
      }
    }
    if (changed) {
      apisChanged.run();
    }
  }

  /** Upstream's naming controller: the names in spec become accepted unless the group uses them already. */
  private KubeObject acceptNames(KubeObject crd, List<KubeObject> all) {
    JsonNode wanted = crd.node().path("spec").path("names");
    JsonNode accepted = crd.node().path("status").path("acceptedNames");
    if (Names.same(wanted, accepted) && CrdConditions.isTrue(crd.node(), CrdConditions.NAMES_ACCEPTED)) {
      return crd;
    }
    Names.Outcome outcome = Names.decide(crd, all);
    return registry.updateStatus(crds, "", crd.name(), current -> {
      JsonNode status = current.node().path("status");
      (status instanceof ObjectNode o ? o : current.node().putObject("status"))
          .set("acceptedNames", outcome.accepted());
      CrdConditions.set(current, CrdConditions.NAMES_ACCEPTED, outcome.status(), outcome.reason(), outcome.message(),
          clock.instant());
      if (!CrdConditions.isTrue(current.node(), CrdConditions.ESTABLISHED)) {
        boolean ok = outcome.status().equals("True");
        CrdConditions.set(current, CrdConditions.ESTABLISHED, "False", ok ? "Installing" : "NotAccepted",
            ok ? "the initial names have been accepted" : "not all names are accepted", clock.instant());
      }
      return current;
    }, false);
  }

  /** Upstream's establishing controller: once the resource is served, the CRD says so. */
  private KubeObject establish(KubeObject crd) {
    if (!CrdConditions.isTrue(crd.node(), CrdConditions.NAMES_ACCEPTED)
        || CrdConditions.isTrue(crd.node(), CrdConditions.ESTABLISHED)) {
      return crd;
    }
    return registry.updateStatus(crds, "", crd.name(), current -> {
      CrdConditions.set(current, CrdConditions.ESTABLISHED, "True", "InitialNamesAccepted",
          "the initial names have been accepted", clock.instant());
      return current;
    }, false);
  }

  /** Serves the CRD's versions as they are now; true when what is served changed. */
  private boolean serve(KubeObject crd) {
    if (!CrdConditions.isTrue(crd.node(), CrdConditions.NAMES_ACCEPTED)) {
      return false;
    }
    JsonNode names = crd.node().path("status").path("acceptedNames");
    long generation = crd.metadata().path("generation").asLong(0);
    synchronized (serving) {
      Serving now = serving.get(crd.name());
      if (now != null && now.uid().equals(crd.uid()) && now.generation() == generation
          && now.acceptedNames().equals(names) && now.terminating().get() == crd.hasDeletionTimestamp()) {
        return false;
      }
      AtomicBoolean terminating = new AtomicBoolean(crd.hasDeletionTimestamp());
      List<CustomVersions.Served> versions = CustomVersions.of(crd, parts, objectMeta, terminating::get);
      List<ResourceDefinition> removed = new ArrayList<>();
      if (now != null) {
        now.versions().forEach(v -> removed.add(v.definition()));
      }
      List<ResourceDefinition> added = new ArrayList<>();
      versions.forEach(v -> added.add(v.definition()));
      registry.serve(added, removed);
      if (now != null) {
        now.versions().forEach(v -> schemas.remove(v.definition().group(), v.definition().version(),
            v.definition().kind()));
      }
      for (CustomVersions.Served v : versions) {
        ResourceDefinition d = v.definition();
        v.schema().model().ifPresent(m -> schemas.put(d.group(), d.version(), d.kind(), m));
      }
      serving.put(crd.name(), new Serving(crd.uid(), generation, names.deepCopy(), versions, terminating));
      LOG.info("serving {} in {}", crd.name(), added.stream().map(ResourceDefinition::version).toList());
      return true;
    }
  }

  private boolean stopServing(String name) {
    Serving gone = serving.remove(name);
    if (gone == null) {
      return false;
    }
    List<ResourceDefinition> removed = new ArrayList<>();
    gone.versions().forEach(v -> removed.add(v.definition()));
    registry.serve(List.of(), removed);
    removed.forEach(d -> schemas.remove(d.group(), d.version(), d.kind()));
    LOG.info("stopped serving {}", name);
    return true;
  }

  /** Upstream's finalizer controller: delete every custom resource, then release the CRD. */
  private void cleanUp(KubeObject crd) {
    if (!crd.metadata().path("finalizers").toString().contains(CrdConditions.CLEANUP_FINALIZER)) {
      return;
    }
    ResourceDefinition d;
    synchronized (serving) {
      Serving s = serving.get(crd.name());
      d = s == null || s.versions().isEmpty() ? null : s.versions().get(0).definition();
    }
    int left = 0;
    if (d != null) {
      setTerminating(crd, "InstanceDeletionInProgress", "CustomResource deletion is in progress");
      for (KubeObject o : registry.store(d).list(d.keyPrefix(), ListOptions.ALL).items()) {
        left++;
        if (o.hasDeletionTimestamp()) {
          continue;
        }
        try {
          registry.delete(d, o.namespace(), o.name(), DeleteRequest.DEFAULT);
        } catch (ApiException e) {
          if (e.code() != 404) {
            throw e;
          }
        }
      }
      left = registry.store(d).list(d.keyPrefix(), ListOptions.ALL).items().size();
    }
    if (left > 0) {
      setTerminating(crd, "InstanceDeletionCheck", "could not confirm zero CustomResources remaining: "
          + left + " remaining");
      return;
    }
    setTerminating(crd, "InstanceDeletionCompleted", "removed all instances");
    registry.update(crds, "", crd.name(), current -> {
      List<JsonNode> keep = new ArrayList<>();
      current.metadata().path("finalizers").forEach(f -> {
        if (!f.asString("").equals(CrdConditions.CLEANUP_FINALIZER)) {
          keep.add(f);
        }
      });
      if (keep.isEmpty()) {
        current.metadata().remove("finalizers");
      } else {
        current.metadata().putArray("finalizers").addAll(keep);
      }
      return current;
    }, false);
  }

  private void setTerminating(KubeObject crd, String reason, String message) {
    registry.updateStatus(crds, "", crd.name(), current -> {
      CrdConditions.set(current, CrdConditions.TERMINATING, "True", reason, message, clock.instant());
      return current;
    }, false);
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(TICK.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
