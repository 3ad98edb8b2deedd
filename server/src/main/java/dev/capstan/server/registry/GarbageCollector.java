package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * What kube-controller-manager's garbage collector and namespace controller do, in-process until the controller
 * manager exists: dependents of a deleted owner are deleted (background) or released ({@code orphan}), an owner
 * in foreground deletion waits for its blocking dependents, and a terminating namespace is emptied and removed.
 * Without this, {@code kubectl delete --cascade=orphan|foreground} and namespace deletion would never finish.
 *
 * <p>Work runs on one thread; a pass that cannot finish yet (dependents still terminating) is retried with a
 * growing delay. Every write goes through the registry with the dependent's uid as precondition, so an object
 * recreated under the same name is left alone.
 */
final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(200);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private final Registry registry;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "garbage-collector");
    t.setDaemon(true);
    return t;
  });

  GarbageCollector(Registry registry) {
    this.registry = registry;
  }

  /** Picks up the work a previous run left: owners and namespaces marked for deletion. */
  void recover() {
    run(() -> {
      for (ResourceDefinition d : storedResources()) {
        for (KubeObject o : registry.store(d).list(d.keyPrefix(), ListOptions.ALL).items()) {
          if (o.hasDeletionTimestamp()) {
            objectMarked(d, o);
          }
        }
      }
    });
  }

  /** An object is gone: its dependents follow, or lose the reference when they have other owners. */
  void objectDeleted(ResourceDefinition d, KubeObject owner) {
    String uid = owner.uid();
    String namespace = owner.namespace();
    run(() -> {
      for (Dependent dep : dependents(uid, namespace)) {
        if (dep.owners() > 1) {
          releaseFrom(dep, uid);
        } else {
          deleteQuietly(dep, "Background");
        }
      }
    });
  }

  /** An object is marked for deletion: act on the collector's finalizers, or empty a namespace. */
  void objectMarked(ResourceDefinition d, KubeObject o) {
    if (d.resource().equals("namespaces") && d.group().isEmpty()) {
      schedule(() -> emptyNamespace(o.name()), Duration.ZERO, FIRST_RETRY);
    } else if (Finalizers.has(o.metadata(), Finalizers.ORPHAN) || Finalizers.has(o.metadata(), Finalizers.FOREGROUND)) {
      schedule(() -> finalizeOwner(d, o.namespace(), o.name(), o.uid()), Duration.ZERO, FIRST_RETRY);
    }
  }

  /** One pass over a marked owner; true when there is nothing left to wait for. */
  private boolean finalizeOwner(ResourceDefinition d, String namespace, String name, String uid) {
    KubeObject owner;
    try {
      owner = registry.store(d).get(d.key(namespace, name));
    } catch (ApiException e) {
      return true;
    }
    if (!owner.uid().equals(uid) || !owner.hasDeletionTimestamp()) {
      return true;
    }
    List<Dependent> dependents = dependents(uid, namespace);
    String done;
    if (Finalizers.has(owner.metadata(), Finalizers.ORPHAN)) {
      dependents.forEach(dep -> releaseFrom(dep, uid));
      done = Finalizers.ORPHAN;
    } else if (Finalizers.has(owner.metadata(), Finalizers.FOREGROUND)) {
      boolean blocked = false;
      for (Dependent dep : dependents) {
        if (!dep.object().hasDeletionTimestamp()) {
          deleteQuietly(dep, "Foreground");
        }
        blocked |= dep.blocksOwner(uid);
      }
      if (blocked) {
        return false;
      }
      done = Finalizers.FOREGROUND;
    } else {
      return true;
    }
    try {
      registry.update(d, namespace, name, o -> {
        if (!o.uid().equals(uid)) {
          throw ApiException.conflict(d.groupResource(), name, "the object was replaced");
        }
        List<String> finalizers = Finalizers.of(o);
        finalizers.remove(done);
        Finalizers.set(o, finalizers);
        return o;
      }, false);
    } catch (ApiException e) {
      return e.code() == 404 || e.code() == 409;
    }
    return true;
  }

  /** One pass over a terminating namespace; true once it is empty and removed. */
  private boolean emptyNamespace(String namespace) {
    boolean empty = true;
    for (ResourceDefinition d : storedResources()) {
      if (!d.namespaced()) {
        continue;
      }
      for (KubeObject o : registry.store(d).list(d.keyPrefix(namespace), ListOptions.ALL).items()) {
        empty = false;
        if (!o.hasDeletionTimestamp()) {
          deleteQuietly(new Dependent(d, o), "Background");
        }
      }
    }
    if (!empty) {
      return false;
    }
    registry.removeTerminatedNamespace(namespace);
    return true;
  }

  private void releaseFrom(Dependent dep, String ownerUid) {
    ResourceDefinition d = dep.definition();
    KubeObject o = dep.object();
    try {
      registry.update(d, o.namespace(), o.name(), current -> {
        if (!current.uid().equals(o.uid())) {
          throw ApiException.conflict(d.groupResource(), o.name(), "the object was replaced");
        }
        JsonNode refs = current.metadata().path("ownerReferences");
        ArrayNode kept = current.metadata().arrayNode();
        refs.forEach(ref -> {
          if (!ownerUid.equals(ref.path("uid").asString(""))) {
            kept.add(ref);
          }
        });
        if (kept.isEmpty()) {
          current.metadata().remove("ownerReferences");
        } else {
          current.metadata().set("ownerReferences", kept);
        }
        return current;
      }, false);
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        LOG.warn("could not release {} {}/{} from its owner: {}", d.resource(), o.namespace(), o.name(),
            e.getMessage());
      }
    }
  }

  private void deleteQuietly(Dependent dep, String propagation) {
    KubeObject o = dep.object();
    try {
      registry.delete(dep.definition(), o.namespace(), o.name(),
          new DeleteRequest(new Preconditions(o.uid(), ""), false, null, propagation));
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        LOG.warn("could not delete {} {}/{}: {}", dep.definition().resource(), o.namespace(), o.name(),
            e.getMessage());
      }
    }
  }

  /** The objects that name {@code ownerUid} among their owners, in the owner's namespace (all for "" ). */
  private List<Dependent> dependents(String ownerUid, String namespace) {
    List<Dependent> out = new ArrayList<>();
    for (ResourceDefinition d : storedResources()) {
      if (!d.namespaced() && !namespace.isEmpty()) {
        continue; // a namespaced owner cannot own cluster-scoped objects
      }
      for (KubeObject o : registry.store(d).list(d.keyPrefix(namespace), ListOptions.ALL).items()) {
        for (JsonNode ref : o.metadata().path("ownerReferences")) {
          if (ownerUid.equals(ref.path("uid").asString(""))) {
            out.add(new Dependent(d, o));
            break;
          }
        }
      }
    }
    return out;
  }

  /** One definition per stored resource: versions served over the same objects are visited once. */
  private List<ResourceDefinition> storedResources() {
    Set<String> seen = new HashSet<>();
    List<ResourceDefinition> out = new ArrayList<>();
    for (ResourceDefinition d : registry.catalog().all()) {
      if (d.serves("list") && seen.add(d.keyPrefix())) {
        out.add(d);
      }
    }
    return out;
  }

  /** Runs {@code pass} until it reports done, waiting longer after each pass that is not. */
  private void schedule(java.util.function.BooleanSupplier pass, Duration delay, Duration next) {
    try {
      worker.schedule(() -> {
        boolean done;
        try {
          done = pass.getAsBoolean();
        } catch (RuntimeException e) {
          LOG.warn("garbage collection pass failed, will retry: {}", e.getMessage());
          done = false;
        }
        if (!done) {
          Duration after = next.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next.multipliedBy(2);
          schedule(pass, next, after);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // closing: the next start recovers what was left
    }
  }

  private void run(Runnable task) {
    schedule(() -> {
      task.run();
      return true;
    }, Duration.ZERO, FIRST_RETRY);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** An object that names an owner, with the definition it is served by. */
  private record Dependent(ResourceDefinition definition, KubeObject object) {
    int owners() {
      return object.metadata().path("ownerReferences").size();
    }

    boolean blocksOwner(String ownerUid) {
      for (JsonNode ref : object.metadata().path("ownerReferences")) {
        if (ownerUid.equals(ref.path("uid").asString("")) && ref.path("blockOwnerDeletion").asBoolean(false)) {
          return true;
        }
      }
      return false;
    }
  }
}
