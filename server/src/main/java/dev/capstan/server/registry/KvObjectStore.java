package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;
import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.Page;
import dev.capstan.server.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link ObjectStore} over a {@link KvStore}, as upstream's etcd3 store: JSON values without
 * {@code resourceVersion}, which is the key's mod revision; every update a compare-and-swap retried on a lost
 * race; storage failures translated here, once, into the API errors clients switch on.
 */
final class KvObjectStore implements ObjectStore {
  /** The most keys one read of a filtered list asks for: upstream's {@code maxLimit}. */
  private static final int MAX_READ = 10_000;

  private final KvStore kv;
  private final GroupResource resource;

  KvObjectStore(KvStore kv, GroupResource resource) {
    this.kv = kv;
    this.resource = resource;
  }

  @Override
  public KubeObject create(String key, KubeObject object) {
    if (!object.resourceVersion().isEmpty()) {
      throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
    }
    try {
      return decode(kv.create(key, encode(object)));
    } catch (StorageException e) {
      throw translate(e, key, "create");
    }
  }

  @Override
  public KubeObject get(String key) {
    try {
      return decode(kv.get(key).orElseThrow(() -> ApiException.notFound(resource, ObjectStores.nameOf(key))));
    } catch (StorageException e) {
      throw translate(e, key, "get");
    }
  }

  @Override
  public ObjectList list(String prefix, ListOptions options) {
    long atRevision = 0;
    String startAfter = "";
    if (!options.continueToken().isEmpty()) {
      if (!options.resourceVersion().isEmpty() && !options.resourceVersion().equals("0")) {
        throw ApiException.badRequest("specifying resource version is not allowed when using continue");
      }
      ContinueTokens.Position position = ContinueTokens.decode(options.continueToken(), prefix);
      atRevision = position.revision();
      startAfter = position.lastKey();
    } else if (!options.resourceVersion().isEmpty() && !options.resourceVersion().equals("0")) {
      long requested = parseResourceVersion(options.resourceVersion());
      boolean exact = options.resourceVersionMatch().equals("Exact")
          || (options.resourceVersionMatch().isEmpty() && options.limit() > 0);
      if (exact) {
        atRevision = requested;
      } else {
        long current = currentRevision();
        if (requested > current) {
          throw ApiException.tooLargeResourceVersion(requested, current);
        }
      }
    }
    int limit = options.limit() > 0 ? (int) Math.min(options.limit(), Integer.MAX_VALUE) : 0;
    try {
      return select(prefix, atRevision, startAfter, limit, options);
    } catch (StorageException e) {
      if (e.reason() == StorageException.Reason.COMPACTED) {
        throw ApiException.expired(options.continueToken().isEmpty()
            ? "too old resource version: " + atRevision + " (" + e.revision() + ")" : ContinueTokens.EXPIRED);
      }
      if (e.reason() == StorageException.Reason.FUTURE_REVISION) {
        throw ApiException.tooLargeResourceVersion(atRevision, e.revision());
      }
      throw translate(e, prefix, "list");
    }
  }

  /**
   * Upstream's {@code GetList} loop: reads pages of keys at one revision, keeping the objects the selector
   * matches, until {@code limit} of them are found or the keys end. A selector that drops objects makes the
   * next read twice as large (up to {@link #MAX_READ}). The continue token points after the last key examined,
   * so the next page starts where this one stopped even when the keys it skipped matched nothing.
   */
  private ObjectList select(String prefix, long atRevision, String startAfter, int limit, ListOptions options) {
    List<KubeObject> items = new ArrayList<>();
    long revision = atRevision;
    String from = startAfter;
    String lastKey = "";
    int read = limit;
    Page page;
    boolean more;
    while (true) {
      page = kv.range(prefix, revision, from, read);
      revision = page.revision();
      more = page.more();
      for (KeyValue k : page.kvs()) {
        if (limit > 0 && items.size() >= limit) {
          more = true;
          break;
        }
        lastKey = k.key();
        KubeObject o = decode(k);
        if (options.selector().test(o)) {
          items.add(o);
        }
      }
      if (!more || limit == 0 || items.size() >= limit) {
        break;
      }
      if (read < MAX_READ) {
        read = (int) Math.min(read * 2L, MAX_READ);
      }
      from = lastKey;
    }
    if (!more) {
      return new ObjectList(items, Long.toString(revision), "");
    }
    // Without a selector the loop read once, and the keys after the page are items; with one, upstream
    // leaves the count out rather than give a wrong one.
    OptionalLong remaining = options.selectsEverything() ? OptionalLong.of(page.count() - limit)
        : OptionalLong.empty();
    return new ObjectList(items, Long.toString(revision), ContinueTokens.encode(revision, prefix, lastKey),
        remaining);
  }

  @Override
  public KubeObject guaranteedUpdate(String key, Preconditions preconditions, UpdateFunction update) {
    try {
      KeyValue current = kv.get(key).orElseThrow(() -> ApiException.notFound(resource, ObjectStores.nameOf(key)));
      while (true) {
        KubeObject existing = decode(current);
        preconditions.check(resource, ObjectStores.nameOf(key), existing);
        KubeObject desired = update.apply(existing.deepCopy());
        desired.setResourceVersion("");
        byte[] bytes = encode(desired);
        if (Arrays.equals(bytes, current.value())) {
          return existing; // nothing changed: no write, no new resourceVersion
        }
        try {
          return decode(kv.update(key, current.modRevision(), bytes));
        } catch (StorageException e) {
          if (e.reason() != StorageException.Reason.CONFLICT) {
            throw e;
          }
          current = e.current();
        }
      }
    } catch (StorageException e) {
      throw translate(e, key, "update");
    }
  }

  @Override
  public KubeObject delete(String key, Preconditions preconditions) {
    try {
      KeyValue current = kv.get(key).orElseThrow(() -> ApiException.notFound(resource, ObjectStores.nameOf(key)));
      while (true) {
        KubeObject existing = decode(current);
        preconditions.check(resource, ObjectStores.nameOf(key), existing);
        try {
          kv.delete(key, current.modRevision());
          return existing;
        } catch (StorageException e) {
          if (e.reason() != StorageException.Reason.CONFLICT) {
            throw e;
          }
          current = e.current();
        }
      }
    } catch (StorageException e) {
      throw translate(e, key, "delete");
    }
  }

  private long currentRevision() {
    try {
      return kv.currentRevision();
    } catch (StorageException e) {
      throw translate(e, "", "list");
    }
  }

  private ApiException translate(StorageException e, String key, String operation) {
    return switch (e.reason()) {
      case KEY_NOT_FOUND -> ApiException.notFound(resource, ObjectStores.nameOf(key));
      case KEY_EXISTS -> ApiException.alreadyExists(resource, ObjectStores.nameOf(key));
      case CONFLICT -> ApiException.conflict(resource, ObjectStores.nameOf(key), ApiException.OPTIMISTIC_LOCK_MESSAGE);
      case COMPACTED -> ApiException.expired(e.getMessage());
      case FUTURE_REVISION -> ApiException.tooLargeResourceVersion(0, e.revision());
      case TOO_LARGE -> new ApiException(413, "RequestEntityTooLarge", "Request entity too large: " + e.getMessage(),
          null);
      case UNAVAILABLE, TIMEOUT, CLOSED -> ApiException.serverTimeout(resource, operation, 2);
    };
  }

  private static long parseResourceVersion(String rv) {
    try {
      long v = Long.parseLong(rv);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be a non-negative integer");
    }
  }

  private static KubeObject decode(KeyValue k) {
    return ObjectCodec.decode(k);
  }

  private static byte[] encode(KubeObject object) {
    return ObjectCodec.encode(object);
  }
}
