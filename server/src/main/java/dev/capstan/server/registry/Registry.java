package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.api.StatusDetails;
import dev.capstan.server.apply.FieldManager;
import dev.capstan.server.schema.SchemaModel;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.validation.ObjectMetaRules;
import dev.capstan.server.watchcache.WatchCache;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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

  private final Catalog catalog;
  private final Clock clock;
  private final KvStore kv;
  /** The store and cache of each served definition, by identity; replaced whole when the catalog changes. */
  private volatile Map<ResourceDefinition, Serving> serving;
  private final ResourceDefinition namespaces;
  private final GarbageCollector collector = new GarbageCollector(this);
  private final FieldManager fields;
  private volatile String rootCaPem;

  public Registry(KvStore kv, Catalog catalog, Clock clock) {
    this(kv, catalog, clock, (group, version, kind) -> java.util.Optional.empty());
  }

  /** @param schemas the kinds' schemas, for field ownership and server-side apply */
  public Registry(KvStore kv, Catalog catalog, Clock clock, SchemaModel schemas) {
    this.fields = new FieldManager(schemas, clock);
    this.catalog = catalog;
    this.clock = clock;
    this.kv = kv;
    Map<ResourceDefinition, Serving> all = new IdentityHashMap<>();
    for (ResourceDefinition d : catalog.all()) {
      all.put(d, serving(d));
    }
    this.serving = all;
    this.namespaces = catalog.lookup("", "v1", "namespaces")
        .orElseThrow(() -> new IllegalArgumentException("the catalog must serve namespaces"));
  }

  /** Starts without a CA to publish (tests of the registry alone). */
  public void start() {
    start(null);
  }

  /**
   * Fills the watch caches and creates the system namespaces with what every namespace has.
   *
   * @param rootCaPem the cluster CA, published in every namespace as the {@code kube-root-ca.crt} ConfigMap
   */
  public void start(String rootCaPem) {
    this.rootCaPem = rootCaPem;
    serving.values().forEach(v -> v.cache().start());
    for (String ns : SYSTEM_NAMESPACES) {
      createIfAbsent(namespaces, "", "Namespace", ns);
      populateNamespace(ns);
    }
    collector.recover();
  }

  /**
   * Points the {@code kubernetes} Service, its Endpoints and its EndpointSlice at this server, as every cluster
   * has them; called once the server listens.
   */
  public void publishApiServer(String ip, int port) {
    ApiServerEndpoints.reconcile(this, ip, port);
  }

  /**
   * Every namespace gets a {@code default} ServiceAccount and the {@code kube-root-ca.crt} ConfigMap pods mount,
   * as kube-controller-manager's serviceaccount and root-ca-cert-publisher controllers make them. Until the
   * controllers run outside the server, the registry does it when a namespace is created.
   */
  private void populateNamespace(String namespace) {
    catalog.lookup("", "v1", "serviceaccounts")
        .ifPresent(sa -> createIfAbsent(sa, namespace, "ServiceAccount", "default"));
    if (rootCaPem == null) {
      return;
    }
    catalog.lookup("", "v1", "configmaps").ifPresent(cm -> {
      ObjectNode node = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
      node.putObject("metadata").put("name", "kube-root-ca.crt").put("namespace", namespace).putObject("annotations")
          .put("kubernetes.io/description", "Contains a CA bundle that can be used to verify the kube-apiserver "
              + "when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other "
              + "usage is guaranteed across distributions of Kubernetes clusters.");
      node.putObject("data").put("ca.crt", rootCaPem);
      ensure(cm, KubeObject.wrap(node));
    });
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

  /** Creates an object the cluster always has, unless it exists already (it may have been changed since). */
  public void ensure(ResourceDefinition d, KubeObject object) {
    try {
      create(d, object.namespace(), object);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  /**
   * The store's revision now, when the watch caches can prove they have caught up with it (so a consistent list
   * may be served from a cache, as upstream's consistent-list-from-cache); empty when they cannot.
   */
  public java.util.OptionalLong consistentRevision() {
    if (!kv.notifiesProgress()) {
      return java.util.OptionalLong.empty();
    }
    long current = kv.currentRevision();
    kv.requestProgress();
    return java.util.OptionalLong.of(current);
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The store of a served definition; 404 for one that stopped being served (its CRD was deleted). */
  public ObjectStore store(ResourceDefinition d) {
    return served(d).store();
  }

  /** The watch cache of a served definition; 404 for one that stopped being served. */
  public WatchCache cache(ResourceDefinition d) {
    return served(d).cache();
  }

  /**
   * Starts serving {@code added} (with a filled watch cache) and stops serving {@code removed}, for the resources of
   * CustomResourceDefinitions. To replace a definition, name the old one in {@code removed} and the new in
   * {@code added}: the new one takes its place at once.
   */
  public synchronized void serve(List<ResourceDefinition> added, List<ResourceDefinition> removed) {
    Map<ResourceDefinition, Serving> next = new IdentityHashMap<>(serving);
    List<Serving> started = new ArrayList<>();
    for (ResourceDefinition d : added) {
      Serving s = serving(d);
      s.cache().start();
      started.add(s);
      next.put(d, s);
    }
    List<Serving> stopped = new ArrayList<>();
    for (ResourceDefinition d : removed) {
      Serving s = next.remove(d);
      if (s != null) {
        stopped.add(s);
      }
    }
    serving = next;
    catalog.change(added, removed);
    stopped.forEach(s -> s.cache().close());
  }

  private Serving served(ResourceDefinition d) {
    Serving s = serving.get(d);
    if (s == null) {
      throw ApiException.pathNotFound();
    }
    return s;
  }

  private Serving serving(ResourceDefinition d) {
    ObjectStore stored = ObjectStores.over(kv, d.groupResource());
    Conversion conversion = d.conversion();
    ObjectStore store = conversion == Conversion.NONE ? stored : new ConvertingObjectStore(stored, conversion);
    return new Serving(store, new WatchCache(kv, d.keyPrefix(), WATCH_WINDOW, conversion == Conversion.NONE
        ? ObjectCodec::decode : value -> {
          KubeObject o = ObjectCodec.decode(value);
          KubeObject served = conversion.fromStorage(o);
          served.setResourceVersion(o.resourceVersion());
          return served;
        }));
  }

  private record Serving(ObjectStore store, WatchCache cache) {}

  /** Creates an object; {@code namespace} is the request's ("" for cluster-scoped resources). */
  public KubeObject create(ResourceDefinition d, String namespace, KubeObject object) {
    return create(d, namespace, object, false);
  }

  /** @param dryRun check everything, store nothing ({@code dryRun=All}) */
  public KubeObject create(ResourceDefinition d, String namespace, KubeObject object, boolean dryRun) {
    return create(d, namespace, object, dryRun, null);
  }

  /** @param user who asks, for kinds that record it (certificate signing requests); null for the server itself */
  public KubeObject create(ResourceDefinition d, String namespace, KubeObject object, boolean dryRun,
      dev.capstan.api.UserInfo user) {
    return create(d, namespace, object, dryRun, user, null);
  }

  /** @param manager the field manager the write is recorded for; null for the server itself */
  public KubeObject create(ResourceDefinition d, String namespace, KubeObject object, boolean dryRun,
      dev.capstan.api.UserInfo user, String manager) {
    return create(d, namespace, object, dryRun, user, manager, false);
  }

  private KubeObject create(ResourceDefinition d, String namespace, KubeObject object, boolean dryRun,
      dev.capstan.api.UserInfo user, String manager, boolean applied) {
    d.strategy().checkTypes(object, d.kind(), d.apiVersion());
    if (d.namespaced()) {
      requireNamespace(namespace, d, object.name());
    }
    for (int attempt = 1; ; attempt++) {
      KubeObject candidate = object.deepCopy();
      ObjectMetaRules.prepareForCreate(candidate, clock.instant());
      d.strategy().applyDefaults(candidate);
      if (d.status() && !d.strategy().keepsStatusOnCreate()) {
        candidate.node().remove("status");
      }
      if (d.generation()) {
        candidate.metadata().put("generation", 1);
      }
      d.strategy().prepareForCreate(candidate, user);
      if (!applied) {
        fields.update(target(d), null, candidate, owner(manager));
      }
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
          populateNamespace(created.name());
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
    return update(d, namespace, name, change, dryRun, null);
  }

  /** @param manager the field manager the write is recorded for; null for the server itself */
  public KubeObject update(ResourceDefinition d, String namespace, String name, UnaryOperator<KubeObject> change,
      boolean dryRun, String manager) {
    return update(d, namespace, name, change, dryRun, manager, false);
  }

  /** What a server-side apply wrote, and whether it created the object (201) or changed it (200). */
  public record Applied(KubeObject object, boolean created) {}

  /**
   * Server-side apply of {@code config} by {@code manager}: merged into the current object, or creating it when
   * there is none, with the same defaults and checks as any write.
   */
  public Applied apply(ResourceDefinition d, String namespace, String name, ObjectNode config, String manager,
      boolean force, boolean dryRun, dev.capstan.api.UserInfo user) {
    FieldManager.Target t = target(d);
    for (int attempt = 1; ; attempt++) {
      try {
        return new Applied(update(d, namespace, name, current -> placed(d, namespace,
            fields.apply(t, current, config, manager, force)), dryRun, manager, true), false);
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
      KubeObject fresh = placed(d, namespace, fields.apply(t, null, config, manager, force));
      if (!fresh.name().equals(name)) {
        throw ApiException.badRequest("the name of the object (" + fresh.name() + ") does not match the name on "
            + "the URL (" + name + ")");
      }
      try {
        return new Applied(create(d, namespace, fresh, dryRun, user, manager, true), true);
      } catch (ApiException e) {
        if (e.code() != 409 || attempt >= 3) {
          throw e; // created meanwhile: apply to it
        }
      }
    }
  }

  /** The applied object in the request's namespace, as upstream requires it to be. */
  private static KubeObject placed(ResourceDefinition d, String namespace, KubeObject o) {
    if (d.namespaced()) {
      String own = o.namespace();
      if (own.isEmpty()) {
        o.metadata().put("namespace", namespace);
      } else if (!own.equals(namespace)) {
        throw ApiException.badRequest("the namespace of the object (" + own + ") does not match the namespace on "
            + "the request (" + namespace + ")");
      }
    }
    return o;
  }

  private static FieldManager.Target target(ResourceDefinition d) {
    return new FieldManager.Target(d.group(), d.version(), d.kind(), "", d.status());
  }

  /** Writes the server makes itself are recorded as upstream records its own: for {@code kube-apiserver}. */
  private static String owner(String manager) {
    return manager == null ? "kube-apiserver" : manager;
  }

  private KubeObject update(ResourceDefinition d, String namespace, String name, UnaryOperator<KubeObject> change,
      boolean dryRun, String manager, boolean applied) {
    KubeObject updated = store(d, dryRun).guaranteedUpdate(d.key(namespace, name), Preconditions.NONE, current -> {
      KubeObject next = change.apply(current.deepCopy());
      checkReplacement(d, name, next, current);
      ObjectNode meta = next.metadata();
      ObjectNode old = current.metadata();
      // What an update can never change, as upstream's BeforeUpdate keeps it.
      copy(old, meta, "uid");
      copy(old, meta, "creationTimestamp");
      copy(old, meta, "deletionTimestamp");
      copy(old, meta, "deletionGracePeriodSeconds");
      copy(old, meta, "generation");
      d.strategy().applyDefaults(next);
      if (d.status()) {
        copy(current.node(), next.node(), "status");
      }
      if (d.generation() && !sameSpec(next, current, d.status())) {
        meta.put("generation", current.metadata().path("generation").asLong(0) + 1);
      }
      d.strategy().prepareForUpdate(next, current);
      if (!applied) {
        fields.update(target(d), current, next, owner(manager));
      }
      List<FieldError> errs = new ArrayList<>(ObjectMetaRules.validate(next, d.namespaced(), d.strategy().nameRule(),
          d.strategy().labelNames()));
      errs.addAll(Finalizers.checkUpdate(next, current));
      errs.addAll(d.strategy().validateUpdate(next, current));
      if (!errs.isEmpty()) {
        throw FieldError.invalid(d.group(), d.qualifiedKind(), d.kind(), name, errs);
      }
      return next;
    });
    return dryRun ? updated : finishDeletion(d, namespace, updated);
  }

  /**
   * Writes the {@code /status} subresource: the status of what {@code change} makes of the current object,
   * everything else as it is.
   */
  public KubeObject updateStatus(ResourceDefinition d, String namespace, String name,
      UnaryOperator<KubeObject> change, boolean dryRun) {
    return updateStatus(d, namespace, name, change, dryRun, null);
  }

  /** @param manager the field manager the write is recorded for, under subresource {@code status} */
  public KubeObject updateStatus(ResourceDefinition d, String namespace, String name,
      UnaryOperator<KubeObject> change, boolean dryRun, String manager) {
    return updateStatus(d, namespace, name, change, dryRun, manager, false);
  }

  /**
   * Server-side apply to {@code /status}: the status of {@code config} merged as {@code manager}'s, everything else
   * as it is; the object must exist.
   */
  public KubeObject applyStatus(ResourceDefinition d, String namespace, String name, ObjectNode config,
      String manager, boolean force, boolean dryRun) {
    FieldManager.Target t = new FieldManager.Target(d.group(), d.version(), d.kind(), "status", true);
    return updateStatus(d, namespace, name, current -> fields.apply(t, current, config, manager, force), dryRun,
        manager, true);
  }

  private KubeObject updateStatus(ResourceDefinition d, String namespace, String name,
      UnaryOperator<KubeObject> change, boolean dryRun, String manager, boolean applied) {
    return store(d, dryRun).guaranteedUpdate(d.key(namespace, name), Preconditions.NONE, current -> {
      KubeObject sent = change.apply(current.deepCopy());
      checkReplacement(d, name, sent, current);
      KubeObject next = current.deepCopy();
      copy(sent.node(), next.node(), "status");
      d.strategy().prepareForStatusUpdate(next, current);
      if (applied) {
        copy(sent.metadata(), next.metadata(), "managedFields");
      } else {
        fields.update(new FieldManager.Target(d.group(), d.version(), d.kind(), "status", true), current, next,
            owner(manager));
      }
      List<FieldError> errs = d.strategy().validateStatusUpdate(next, current);
      if (!errs.isEmpty()) {
        throw FieldError.invalid(d.group(), d.qualifiedKind(), d.kind(), name, errs);
      }
      return next;
    });
  }

  /**
   * Writes a subresource with rules of its own (a CSR's approval): {@code merge} gets a copy of the current object
   * and the object the client sent, and returns the whole new object; only the resourceVersion is checked here.
   */
  public KubeObject updateWith(ResourceDefinition d, String namespace, String name, UnaryOperator<KubeObject> change,
      java.util.function.BinaryOperator<KubeObject> merge, boolean dryRun) {
    return store(d, dryRun).guaranteedUpdate(d.key(namespace, name), Preconditions.NONE, current -> {
      KubeObject sent = change.apply(current.deepCopy());
      checkReplacement(d, name, sent, current);
      return merge.apply(current.deepCopy(), sent);
    });
  }

  /** The {@code /scale} subresource: the object's replica counts as an {@code autoscaling/v1 Scale}. */
  public KubeObject scale(ResourceDefinition d, String namespace, String name) {
    return Scales.of(d, store(d).get(d.key(namespace, name)));
  }

  /** Writes the {@code /scale} subresource: the replicas of what {@code change} makes of the current Scale. */
  public KubeObject updateScale(ResourceDefinition d, String namespace, String name,
      UnaryOperator<KubeObject> change, boolean dryRun) {
    KubeObject updated = update(d, namespace, name, current -> {
      KubeObject sent = change.apply(Scales.of(d, current));
      String expected = sent.resourceVersion();
      if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
        throw ApiException.conflict(d.groupResource(), name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
      }
      Scales.apply(d, sent, current);
      return current;
    }, dryRun);
    return Scales.of(d, updated);
  }

  /** The checks every replacement of an object passes: its type, name and resourceVersion. */
  private static void checkReplacement(ResourceDefinition d, String name, KubeObject next, KubeObject current) {
    d.strategy().checkTypes(next, d.kind(), d.apiVersion());
    if (!next.name().equals(name)) {
      throw ApiException.badRequest("the name of the object (" + next.name() + ") does not match the name on the "
          + "URL (" + name + ")");
    }
    String expected = next.resourceVersion();
    if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
      throw ApiException.conflict(d.groupResource(), name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
    }
  }

  /**
   * True when nothing but metadata (and status, when it is a subresource of its own) differs, so the generation
   * stays; without a status subresource a status change is a change like any other, as upstream counts it for
   * custom resources.
   */
  private static boolean sameSpec(KubeObject a, KubeObject b, boolean statusSubresource) {
    ObjectNode x = a.node().deepCopy();
    ObjectNode y = b.node().deepCopy();
    for (ObjectNode n : List.of(x, y)) {
      n.remove("metadata");
      if (statusSubresource) {
        n.remove("status");
      }
    }
    return x.equals(y);
  }

  /**
   * Removes an object whose deletion was waiting only for its finalizers, once the last one is gone, as upstream
   * removes it in the same update.
   */
  private KubeObject finishDeletion(ResourceDefinition d, String namespace, KubeObject o) {
    if (!o.hasDeletionTimestamp() || Finalizers.any(o) || o.metadata().path("deletionGracePeriodSeconds").asLong(0) > 0) {
      return o;
    }
    try {
      KubeObject deleted = store(d).delete(d.key(namespace, o.name()),
          new Preconditions(o.uid(), o.resourceVersion()));
      d.strategy().release(deleted, kv);
      collector.objectDeleted(d, deleted);
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        throw e; // gone already, or changed again: whoever changed it finishes the deletion
      }
    }
    return o;
  }

  /**
   * Deletes an object as upstream does: at once when nothing holds it; otherwise it is marked
   * ({@code deletionTimestamp}) and stays until its finalizers are gone and its grace period has passed. The
   * propagation policy becomes the garbage collector's finalizers; with {@code dryRun} nothing is written.
   */
  public DeleteRequest.Result delete(ResourceDefinition d, String namespace, String name, DeleteRequest request) {
    ObjectStore store = store(d, request.dryRun());
    String key = d.key(namespace, name);
    for (int attempt = 0; ; attempt++) {
      KubeObject current = store.get(key);
      request.preconditions().check(d.groupResource(), name, current);
      long grace = current.hasDeletionTimestamp()
          ? Math.min(current.metadata().path("deletionGracePeriodSeconds").asLong(0),
              d.strategy().gracePeriodSeconds(current, request.gracePeriodSeconds()))
          : d.strategy().gracePeriodSeconds(current, request.gracePeriodSeconds());
      List<String> finalizers = Finalizers.forDelete(current, request.propagation(), d.orphanByDefault());
      boolean marks = !current.hasDeletionTimestamp() && d.strategy().markForDeletion(current.deepCopy(),
          clock.instant());
      if (finalizers.isEmpty() && grace <= 0 && !marks) {
        try {
          KubeObject deleted = store.delete(key, new Preconditions(current.uid(), current.resourceVersion()));
          if (!request.dryRun()) {
            d.strategy().release(deleted, kv);
            collector.objectDeleted(d, deleted);
          }
          return new DeleteRequest.Result(deleted, true);
        } catch (ApiException e) {
          if (e.code() != 409 || attempt >= 5) {
            throw e; // a 409 here is a change since the read: decide again on the new object
          }
          continue;
        }
      }
      KubeObject marked = store.guaranteedUpdate(key, request.preconditions(), o -> {
        Finalizers.set(o, Finalizers.forDelete(o, request.propagation(), d.orphanByDefault()));
        if (!o.hasDeletionTimestamp()) {
          d.strategy().markForDeletion(o, clock.instant());
        }
        if (!o.hasDeletionTimestamp() || o.metadata().path("deletionGracePeriodSeconds").asLong(0) > grace) {
          o.metadata().put("deletionTimestamp",
              clock.instant().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
          o.metadata().put("deletionGracePeriodSeconds", grace);
        }
        return o;
      });
      if (!request.dryRun()) {
        collector.objectMarked(d, marked);
      }
      return new DeleteRequest.Result(marked, false);
    }
  }

  /** The store to write through: the real one, or one that checks everything and stores nothing. */
  private ObjectStore store(ResourceDefinition d, boolean dryRun) {
    return dryRun ? new DryRunObjectStore(store(d), d.groupResource()) : store(d);
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
      collector.objectMarked(namespaces, marked);
    }
    return marked;
  }

  /** Removes a terminating namespace once the collector has emptied it. */
  void removeTerminatedNamespace(String name) {
    try {
      store(namespaces).delete(namespaces.key("", name), Preconditions.NONE);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private void requireNamespace(String namespace, ResourceDefinition d, String name) {
    if (namespace.isEmpty()) {
      return; // validation reports the missing namespace
    }
    KubeObject ns = store(namespaces).get(namespaces.key("", namespace));
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
    collector.close();
    serving.values().forEach(v -> v.cache().close());
  }
}
