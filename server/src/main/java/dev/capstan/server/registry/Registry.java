package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.api.StatusDetails;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.validation.ObjectMetaRules;
import dev.capstan.server.watchcache.WatchCache;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served resources and the one algorithm for writing them: metadata rules, the kind's strategy,
 * validation, the namespace's existence, then storage. Handlers decode and encode around it. Thread-safe.
 */
public final class Registry implements AutoCloseable {
  /** The namespaces every cluster has. */
  public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public",
      "kube-node-lease");
  /** The namespaces upstream's NamespaceLifecycle admission refuses to delete. */
  private static final List<String> IMMORTAL_NAMESPACES = List.of("default", "kube-system", "kube-public");
  private static final int WATCH_WINDOW = 1_000;
  private static final int GENERATE_NAME_ATTEMPTS = 8;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  private final Catalog catalog;
  private final Clock clock;
  private final KvStore kv;
  private final Map<ResourceDefinition, ObjectStore> stores = new LinkedHashMap<>();
  private final Map<ResourceDefinition, WatchCache> caches = new LinkedHashMap<>();
  private final ResourceDefinition namespaces;
  private final ExecutorService finalizer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "namespace-finalizer");
    t.setDaemon(true);
    return t;
  });

  public Registry(KvStore kv, Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
    this.kv = kv;
    for (ResourceDefinition d : catalog.all()) {
      stores.put(d, ObjectStores.over(kv, d.groupResource()));
      caches.put(d, new WatchCache(kv, d.keyPrefix(), WATCH_WINDOW, ObjectCodec::decode));
    }
    this.namespaces = catalog.lookup("", "v1", "namespaces")
        .orElseThrow(() -> new IllegalArgumentException("the catalog must serve namespaces"));
  }

  /** Fills the watch caches and creates the system namespaces (and their default service accounts). */
  public void start() {
    caches.values().forEach(WatchCache::start);
    for (String ns : SYSTEM_NAMESPACES) {
      createIfAbsent(namespaces, "", "Namespace", ns);
      createDefaultServiceAccount(ns);
    }
    catalog.lookup("", "v1", "services").ifPresent(this::createKubernetesService);
  }

  /** The {@code kubernetes} service in {@code default}, at the first address of the range, as every cluster has. */
  private void createKubernetesService(ResourceDefinition services) {
    ObjectNode node = JSON.createObjectNode();
    node.put("apiVersion", "v1").put("kind", "Service");
    ObjectNode meta = node.putObject("metadata").put("name", "kubernetes").put("namespace", "default");
    meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = node.putObject("spec");
    spec.put("clusterIP", "10.96.0.1");
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
        .put("targetPort", 6443);
    try {
      stores.get(services).get(services.key("default", "kubernetes"));
    } catch (ApiException missing) {
      if (missing.code() == 404) {
        create(services, "default", KubeObject.wrap(node));
      }
    }
  }

  /**
   * Every namespace gets a {@code default} ServiceAccount, as kube-controller-manager's serviceaccount controller
   * makes it. Until the controllers run outside the server, the registry does it when a namespace is created.
   */
  private void createDefaultServiceAccount(String namespace) {
    catalog.lookup("", "v1", "serviceaccounts")
        .ifPresent(sa -> createIfAbsent(sa, namespace, "ServiceAccount", "default"));
  }

  private void createIfAbsent(ResourceDefinition d, String namespace, String kind, String name) {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode meta = node.put("apiVersion", d.apiVersion()).put("kind", kind).putObject("metadata").put("name", name);
    if (d.namespaced()) {
      meta.put("namespace", namespace);
    }
    try {
      create(d, namespace, KubeObject.wrap(node));
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  public ObjectStore store(ResourceDefinition d) {
    return stores.get(d);
  }

  public WatchCache cache(ResourceDefinition d) {
    return caches.get(d);
  }

  /** Creates an object; {@code namespace} is the request's ("" for cluster-scoped resources). */
  public KubeObject create(ResourceDefinition d, String namespace, KubeObject object) {
    return create(d, namespace, object, false);
  }

  /** @param dryRun check everything, store nothing ({@code dryRun=All}) */
  public KubeObject create(ResourceDefinition d, String namespace, KubeObject object, boolean dryRun) {
    d.strategy().checkTypes(object, d.kind(), d.apiVersion());
    if (d.namespaced()) {
      requireNamespace(namespace, d, object.name());
    }
    for (int attempt = 1; ; attempt++) {
      KubeObject candidate = object.deepCopy();
      ObjectMetaRules.prepareForCreate(candidate, clock.instant());
      d.strategy().prepareForCreate(candidate);
      List<FieldError> errs = new ArrayList<>(ObjectMetaRules.validate(candidate, d.namespaced(),
          d.strategy().nameRule(), d.strategy().labelNames()));
      errs.addAll(d.strategy().validate(candidate));
      if (!errs.isEmpty()) {
        throw FieldError.invalid(d.group(), d.qualifiedKind(), d.kind(), candidate.name(), errs);
      }
      if (!dryRun) {
        d.strategy().allocate(candidate, kv);
      }
      try {
        KubeObject created = store(d, dryRun).create(d.key(namespace, candidate.name()), candidate);
        if (d == namespaces && !dryRun) {
          createDefaultServiceAccount(created.name());
        }
        return created;
      } catch (ApiException e) {
        if (!dryRun) {
          d.strategy().release(candidate, kv);
        }
        // A generated name that is taken is tried again with another suffix, as upstream does.
        boolean generated = object.name().isEmpty() && !object.generateName().isEmpty();
        if (e.code() != 409 || !generated || attempt >= GENERATE_NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Replaces an object. An empty resourceVersion in {@code object} updates unconditionally; a set one must be
   * the current one.
   */
  public KubeObject update(ResourceDefinition d, String namespace, String name, KubeObject object, boolean dryRun) {
    return update(d, namespace, name, current -> object.deepCopy(), dryRun);
  }

  /**
   * Updates an object to what {@code change} makes of the current one (a patch, say), with the same rules as a
   * replacement; {@code change} may run more than once and gets a copy it may modify.
   */
  public KubeObject update(ResourceDefinition d, String namespace, String name, UnaryOperator<KubeObject> change,
      boolean dryRun) {
    return store(d, dryRun).guaranteedUpdate(d.key(namespace, name), Preconditions.NONE, current -> {
      KubeObject next = change.apply(current.deepCopy());
      d.strategy().checkTypes(next, d.kind(), d.apiVersion());
      if (!next.name().equals(name)) {
        throw ApiException.badRequest("the name of the object (" + next.name() + ") does not match the name on the "
            + "URL (" + name + ")");
      }
      String expected = next.resourceVersion();
      if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
        throw ApiException.conflict(d.groupResource(), name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
      }
      ObjectNode meta = next.metadata();
      ObjectNode old = current.metadata();
      // What an update can never change, as upstream's BeforeUpdate keeps it.
      copy(old, meta, "uid");
      copy(old, meta, "creationTimestamp");
      copy(old, meta, "deletionTimestamp");
      copy(old, meta, "deletionGracePeriodSeconds");
      copy(old, meta, "generation");
      d.strategy().prepareForUpdate(next, current);
      List<FieldError> errs = new ArrayList<>(ObjectMetaRules.validate(next, d.namespaced(), d.strategy().nameRule(),
          d.strategy().labelNames()));
      errs.addAll(d.strategy().validateUpdate(next, current));
      if (!errs.isEmpty()) {
        throw FieldError.invalid(d.group(), d.qualifiedKind(), d.kind(), name, errs);
      }
      return next;
    });
  }

  /**
   * Deletes a namespace as upstream does: at once it is marked Terminating (deletionTimestamp set) and answered;
   * then everything in it is deleted and the namespace itself is removed. Until a namespace controller exists
   * outside the server, this registry does that cleanup on a background thread.
   */
  /** Deletes an object, or with {@code dryRun} checks that it could be and answers it. */
  public KubeObject delete(ResourceDefinition d, String namespace, String name, Preconditions preconditions,
      boolean dryRun) {
    KubeObject deleted = store(d, dryRun).delete(d.key(namespace, name), preconditions);
    if (!dryRun) {
      d.strategy().release(deleted, kv);
    }
    return deleted;
  }

  /** The store to write through: the real one, or one that checks everything and stores nothing. */
  private ObjectStore store(ResourceDefinition d, boolean dryRun) {
    return dryRun ? new DryRunObjectStore(stores.get(d), d.groupResource()) : stores.get(d);
  }

  public KubeObject deleteNamespace(String name, boolean dryRun) {
    if (IMMORTAL_NAMESPACES.contains(name)) {
      throw ApiException.forbidden(namespaces.groupResource(), name, "this namespace may not be deleted");
    }
    KubeObject marked = store(namespaces, dryRun).guaranteedUpdate(namespaces.key("", name), Preconditions.NONE, ns -> {
      if (!ns.hasDeletionTimestamp()) {
        ns.metadata().put("deletionTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        ns.metadata().put("deletionGracePeriodSeconds", 0);
        ((ObjectNode) ns.node().path("status")).put("phase", "Terminating");
      }
      return ns;
    });
    if (!dryRun) {
      finalizer.execute(() -> finalizeNamespace(name));
    }
    return marked;
  }

  private void finalizeNamespace(String name) {
    try {
      for (ResourceDefinition d : catalog.all()) {
        if (!d.namespaced()) {
          continue;
        }
        for (KubeObject o : stores.get(d).list(d.keyPrefix(name), ListOptions.ALL).items()) {
          try {
            delete(d, name, o.name(), Preconditions.NONE, false);
          } catch (ApiException e) {
            if (e.code() != 404) {
              throw e;
            }
          }
        }
      }
      stores.get(namespaces).delete(namespaces.key("", name), Preconditions.NONE);
    } catch (ApiException e) {
      LOG.warn("finalizing namespace {} failed: {}", name, e.getMessage());
    }
  }

  private void requireNamespace(String namespace, ResourceDefinition d, String name) {
    if (namespace.isEmpty()) {
      return; // validation reports the missing namespace
    }
    KubeObject ns = stores.get(namespaces).get(namespaces.key("", namespace));
    if (ns.hasDeletionTimestamp()) {
      throw new ApiException(403, "Forbidden", d.groupResource() + " \"" + name + "\" is forbidden: unable to create "
          + "new content in namespace " + namespace + " because it is being terminated",
          new StatusDetails(name, d.group(), d.resource(), null, 0, List.of(new StatusDetails.Cause(
              "NamespaceTerminating", "namespace " + namespace + " is being terminated", "metadata.namespace"))));
    }
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }

  @Override
  public void close() {
    finalizer.shutdownNow();
    caches.values().forEach(WatchCache::close);
  }
}
