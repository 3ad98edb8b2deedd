package dev.capstan.server.apply;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.api.StatusDetails;
import dev.capstan.server.apply.ManagedFields.Entry;
import dev.capstan.server.apply.ManagedFields.Manager;
import dev.capstan.server.schema.Schema;
import dev.capstan.server.schema.SchemaModel;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply, as upstream's field manager keeps them.
 * Every write records what it changed: an update takes the fields it changed from whoever owned them; an apply
 * owns exactly the fields of its configuration, merges the configuration by the schema's list and map types,
 * removes what it applied before and no longer applies (unless someone else owns it), and fails with a 409 when it
 * would change a field another manager owns, unless forced. Pure: objects passed in are not modified unless said.
 * Thread-safe.
 */
public final class FieldManager {
  /** The annotation client-side apply keeps; {@code kubectl} server-side applies keep it in step. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  /** The manager upstream names the fields an object had when it was first applied to without managed fields. */
  static final String BEFORE_FIRST_APPLY = "before-first-apply";
  /** The manager older update entries are merged into once there are more than {@link #MAX_UPDATERS}. */
  static final String ANCIENT = "ancient-changes";
  static final int MAX_UPDATERS = 10;
  private static final String KUBECTL = "kubectl";
  /** Paths never recorded as owned: identity and server-set metadata, as upstream strips them. */
  private static final FieldSet STRIPPED = FieldSet.of(List.of(
      List.of(PathElement.field("apiVersion")), List.of(PathElement.field("kind")),
      List.of(PathElement.field("metadata")), meta("name"), meta("namespace"), meta("creationTimestamp"),
      meta("selfLink"), meta("uid"), meta("clusterName"), meta("generation"), meta("managedFields"),
      meta("resourceVersion")));

  private final SchemaModel model;
  private final Clock clock;

  public FieldManager(SchemaModel model, Clock clock) {
    this.model = Objects.requireNonNull(model);
    this.clock = Objects.requireNonNull(clock);
  }

  private static List<PathElement> meta(String field) {
    return List.of(PathElement.field("metadata"), PathElement.field(field));
  }

  /**
   * What is written: the kind, the subresource ("" for the object itself) and whether the object has a status the
   * main resource resets (then status is never owned through it, and only status is owned through {@code /status}).
   */
  public record Target(String group, String version, String kind, String subresource, boolean hasStatus) {
    public Target {
      subresource = subresource == null ? "" : subresource;
    }

    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** As upstream prints a GroupVersionKind: {@code apps/v1, Kind=Deployment}, {@code /v1, Kind=Pod}. */
    String gvk(String apiVersion, String kind) {
      int slash = apiVersion.indexOf('/');
      String g = slash < 0 ? "" : apiVersion.substring(0, slash);
      String v = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
      return g + "/" + v + ", Kind=" + kind;
    }

    /** The paths this target's strategy resets, which nobody owns through it. */
    FieldSet ignored() {
      if (!hasStatus) {
        return new FieldSet();
      }
      return FieldSet.of(List.of(List.of(PathElement.field(subresource.equals("status") ? "spec" : "status"))));
    }
  }

  // ---- updates (create, update, non-apply patch) ----

  /**
   * Records a write by {@code manager} that turns {@code live} (null on create) into {@code next}, setting
   * {@code next}'s {@code metadata.managedFields}. Managed fields the client sent in {@code next} are taken as the
   * new base (an empty list clears them); otherwise the live object's are. An object that has none and already
   * exists is left untracked, as upstream leaves it.
   */
  public void update(Target t, KubeObject live, KubeObject next, String manager) {
    Schema schema = schema(t);
    JsonNode sent = next.metadata().get("managedFields");
    ManagedFields managed;
    if (!t.subresource().isEmpty() || sent == null || sent.isNull()) {
      managed = decodeOrEmpty(live);
    } else if (ManagedFields.isReset(sent)) {
      managed = new ManagedFields();
    } else {
      try {
        managed = ManagedFields.decode(sent);
      } catch (IllegalArgumentException e) {
        managed = new ManagedFields();
      }
      if (managed.isEmpty()) {
        managed = decodeOrEmpty(live);
      }
    }
    next.metadata().remove("managedFields");
    if (managed.isEmpty() && live != null && !live.uid().isEmpty()) {
      return;
    }
    try {
      JsonNode before = live == null ? empty(t, schema) : strip(live);
      recordUpdate(t, schema, managed, before, strip(next), Manager.of(name(manager), ManagedFields.UPDATE,
          t.apiVersion(), t.subresource()));
    } catch (Typed.TypeError e) {
      // As upstream, a write is never refused for its managed fields: the live ones are kept.
      if (live != null && live.metadata().has("managedFields")) {
        next.metadata().set("managedFields", live.metadata().get("managedFields").deepCopy());
      }
      return;
    }
    write(next, managed);
  }

  private void recordUpdate(Target t, Schema schema, ManagedFields managed, JsonNode before, JsonNode after,
      Manager updater) {
    Typed.Comparison c = filtered(Typed.compare(schema, before, after), t.ignored());
    FieldSet changed = c.changed();
    for (Map.Entry<Manager, Entry> e : new ArrayList<>(managed.entries.entrySet())) {
      Entry old = e.getValue();
      // An update takes what it changed from everyone else, and what it removed is nobody's any more.
      FieldSet left = old.fields().difference(changed).difference(c.removed());
      managed.entries.put(e.getKey(), new Entry(left, old.apiVersion(), old.time()));
    }
    FieldSet mine = c.modified().union(c.added()).recursiveDifference(t.ignored()).difference(STRIPPED);
    if (!mine.isEmpty()) {
      Entry previous = managed.entries.get(updater);
      FieldSet all = previous == null ? mine : previous.fields().union(mine);
      managed.entries.put(updater, new Entry(all, t.apiVersion(), now()));
    }
    dropEmpty(managed);
    capUpdaters(managed);
  }

  // ---- apply ----

  /**
   * Applies {@code config} for {@code manager} to {@code live} (null when the object does not exist yet) and returns
   * the new object with its managed fields. The caller defaults and validates it as any write.
   *
   * @throws ApiException 400 for a configuration of another kind or with managed fields, 409 Conflict naming each
   *     field another manager owns with a different value (unless {@code force}), 500 for a configuration whose
   *     lists cannot be merged (a map-list item without its key, a duplicate)
   */
  public KubeObject apply(Target t, KubeObject live, ObjectNode config, String manager, boolean force) {
    String apiVersion = config.path("apiVersion").asString("");
    String kind = config.path("kind").asString("");
    if (!apiVersion.equals(t.apiVersion()) || !kind.equals(t.kind())) {
      throw ApiException.badRequest("invalid object type: " + t.gvk(apiVersion, kind));
    }
    JsonNode sentFields = config.path("metadata").get("managedFields");
    if (sentFields != null && !sentFields.isNull()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    Schema schema = schema(t);
    ManagedFields managed;
    try {
      managed = live == null ? new ManagedFields() : ManagedFields.decode(live.metadata().get("managedFields"));
    } catch (IllegalArgumentException e) {
      throw ApiException.internal("failed to decode managed fields: " + e.getMessage());
    }
    JsonNode before = live == null ? empty(t, schema) : strip(live);
    Manager applier = Manager.of(name(manager), ManagedFields.APPLY, t.apiVersion(), t.subresource());
    try {
      if (managed.isEmpty() && live != null) {
        // The fields the object has are someone's: a manager stands for their unknown writers.
        recordUpdate(t, schema, managed, empty(t, schema), before, Manager.of(BEFORE_FIRST_APPLY,
            ManagedFields.UPDATE, t.apiVersion(), t.subresource()));
      }
      Applied result;
      try {
        result = applyOnce(t, schema, managed, before, config, applier, force);
      } catch (Conflicts conflicts) {
        result = retryOverClientSideApply(t, schema, managed, live, before, config, applier, conflicts);
      }
      KubeObject out;
      if (Values.equal(result.object(), before) && live != null) {
        out = live.deepCopy();
      } else {
        out = KubeObject.wrap((ObjectNode) result.object());
        Entry mine = result.managed().entries.get(applier);
        if (mine != null) {
          result.managed().entries.put(applier, new Entry(mine.fields(), mine.apiVersion(), now()));
        }
      }
      keepLastAppliedInStep(out, config, manager);
      write(out, result.managed());
      return out;
    } catch (Typed.TypeError e) {
      String where = config.path("metadata").path("namespace").asString("") + "/"
          + config.path("metadata").path("name").asString("") + "; " + t.gvk(apiVersion, kind);
      throw new ApiException(500, "", "failed to create typed patch object (" + where + "): " + e.getMessage(), null);
    }
  }

  private record Applied(JsonNode object, ManagedFields managed) {}

  private Applied applyOnce(Target t, Schema schema, ManagedFields original, JsonNode live, ObjectNode config,
      Manager applier, boolean force) {
    ManagedFields managed = original.copy();
    JsonNode merged = Typed.merge(schema, live, config);
    Entry last = managed.entries.get(applier);
    FieldSet set = Typed.toFieldSet(schema, config, true).recursiveDifference(t.ignored());
    managed.entries.put(applier, new Entry(set, t.apiVersion(), last == null ? null : last.time()));
    merged = prune(schema, merged, managed, last == null ? new FieldSet() : last.fields());

    Typed.Comparison c = filtered(Typed.compare(schema, live, merged), t.ignored());
    FieldSet changed = c.changed();
    Map<Manager, FieldSet> conflicts = new LinkedHashMap<>();
    for (Map.Entry<Manager, Entry> e : managed.entries.entrySet()) {
      if (e.getKey().equals(applier)) {
        continue;
      }
      FieldSet theirs = e.getValue().fields().intersection(changed);
      if (!theirs.isEmpty()) {
        conflicts.put(e.getKey(), theirs);
      }
    }
    if (!force && !conflicts.isEmpty()) {
      throw new Conflicts(conflicts, managed);
    }
    for (Map.Entry<Manager, Entry> e : new ArrayList<>(managed.entries.entrySet())) {
      if (e.getKey().equals(applier)) {
        continue;
      }
      Entry old = e.getValue();
      FieldSet left = old.fields().difference(conflicts.getOrDefault(e.getKey(), new FieldSet()))
          .difference(c.removed());
      managed.entries.put(e.getKey(), new Entry(left, old.apiVersion(), old.time()));
    }
    Entry mine = managed.entries.get(applier);
    managed.entries.put(applier, new Entry(mine.fields().difference(STRIPPED), mine.apiVersion(), mine.time()));
    dropEmpty(managed);
    return new Applied(merged, managed);
  }

  /**
   * Removes what the applier applied last time and no longer applies, unless another manager (or the new
   * configuration) owns it; fields and items nobody owned before are never removed.
   */
  private static JsonNode prune(Schema schema, JsonNode merged, ManagedFields managed, FieldSet lastSet) {
    if (lastSet.isEmpty()) {
      return merged;
    }
    FieldSet last = Typed.ensureNamedFieldsAreMembers(schema, lastSet);
    JsonNode pruned = Typed.removeItems(schema, merged, last);
    FieldSet owned = new FieldSet();
    for (Entry e : managed.entries.values()) {
      owned = owned.union(e.fields());
    }
    FieldSet mergedSet = Typed.ensureNamedFieldsAreMembers(schema, Typed.toFieldSet(schema, merged, false));
    FieldSet prunedSet = Typed.ensureNamedFieldsAreMembers(schema, Typed.toFieldSet(schema, pruned, false));
    pruned = Typed.removeItems(schema, merged, mergedSet.difference(
        prunedSet.union(Typed.ensureNamedFieldsAreMembers(schema, owned))));
    prunedSet = Typed.ensureNamedFieldsAreMembers(schema, Typed.toFieldSet(schema, pruned, false));
    return Typed.removeItems(schema, merged, mergedSet.difference(prunedSet).intersection(last));
  }

  /**
   * {@code kubectl}'s first server-side apply over client-side apply: conflicts on fields the last-applied
   * annotation shows it set (with the values the object still has) are its own, so it takes them over.
   */
  private Applied retryOverClientSideApply(Target t, Schema schema, ManagedFields managed, KubeObject live,
      JsonNode before, ObjectNode config, Manager applier, Conflicts conflicts) {
    FieldSet allowed = applier.manager().equals(KUBECTL) ? lastAppliedFields(t, schema, live, before) : null;
    if (allowed == null) {
      throw conflicts.error();
    }
    Map<Manager, FieldSet> remaining = new LinkedHashMap<>();
    conflicts.byManager.forEach((m, set) -> {
      FieldSet rest = set.difference(allowed);
      if (!rest.isEmpty()) {
        remaining.put(m, rest);
      }
    });
    if (!remaining.isEmpty()) {
      throw new Conflicts(remaining, conflicts.managed).error();
    }
    return applyOnce(t, schema, managed, before, config, applier, true);
  }

  private static FieldSet lastAppliedFields(Target t, Schema schema, KubeObject live, JsonNode before) {
    String annotation = live == null ? "" : live.metadata().path("annotations").path(LAST_APPLIED).asString("");
    if (annotation.isEmpty()) {
      return null;
    }
    JsonNode last;
    try {
      last = Values.parse(annotation);
    } catch (RuntimeException e) {
      return null;
    }
    if (!last.isObject() || !last.path("apiVersion").asString("").equals(t.apiVersion())) {
      return null;
    }
    try {
      Typed.Comparison c = Typed.compare(schema, last, before);
      return Typed.toFieldSet(schema, last, true).difference(c.modified()).difference(c.added())
          .difference(c.removed());
    } catch (Typed.TypeError e) {
      return null;
    }
  }

  /** After a {@code kubectl} apply, an existing last-applied annotation is rewritten to this configuration. */
  private static void keepLastAppliedInStep(KubeObject out, ObjectNode config, String manager) {
    if (!KUBECTL.equals(manager)
        || out.metadata().path("annotations").path(LAST_APPLIED).asString("").isEmpty()) {
      return;
    }
    ObjectNode copy = config.deepCopy();
    if (copy.path("metadata").path("annotations") instanceof ObjectNode a) {
      a.remove(LAST_APPLIED);
    }
    ((ObjectNode) out.metadata().get("annotations")).put(LAST_APPLIED, copy.toString());
  }

  /** An apply conflict: which fields each other manager owns that the apply would change. */
  private static final class Conflicts extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Map<Manager, FieldSet> byManager;
    private final transient ManagedFields managed;

    Conflicts(Map<Manager, FieldSet> byManager, ManagedFields managed) {
      super(null, null, false, false);
      this.byManager = byManager;
      this.managed = managed;
    }

    /** Upstream's 409: one cause per field, the message grouped by manager. */
    ApiException error() {
      List<Manager> managers = new ArrayList<>(byManager.keySet());
      managers.sort(Comparator.comparing(Manager::identity));
      List<StatusDetails.Cause> causes = new ArrayList<>();
      List<String> lines = new ArrayList<>();
      for (Manager m : managers) {
        Entry e = managed.entries.get(m);
        String who = m.describe(e == null ? m.apiVersion() : e.apiVersion());
        lines.add("conflicts with " + who + ":");
        for (List<PathElement> p : byManager.get(m).paths()) {
          causes.add(new StatusDetails.Cause("FieldManagerConflict", "conflict with " + who, PathElement.print(p)));
          lines.add("- " + PathElement.print(p));
        }
      }
      String message = causes.size() == 1
          ? "Apply failed with 1 conflict: " + causes.get(0).message() + ": " + causes.get(0).field()
          : "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
      return new ApiException(409, "Conflict", message, new StatusDetails("", "", "", null, 0, causes));
    }
  }

  // ---- helpers ----

  private Schema schema(Target t) {
    return model.kind(t.group(), t.version(), t.kind()).orElse(null);
  }

  /**
   * What a new object is compared with: nothing, except that a built-in kind's spec and status always exist, as
   * upstream's empty typed object has them, so creating one owns the fields inside them, not them.
   */
  private static JsonNode empty(Target t, Schema schema) {
    ObjectNode o = Values.JSON.createObjectNode();
    if (schema != null) {
      for (String field : List.of("spec", "status")) {
        Schema s = schema.property(field);
        if (s != null && s.type() == Schema.Type.OBJECT && s.definition() != null
            && s.definition().startsWith("io.k8s.api.")) {
          o.putObject(field);
        }
      }
    }
    return o;
  }

  /** The object as ownership sees it: without its own managed fields. */
  private static JsonNode strip(KubeObject o) {
    ObjectNode copy = o.node().deepCopy();
    if (copy.get("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }

  private static ManagedFields decodeOrEmpty(KubeObject live) {
    if (live == null) {
      return new ManagedFields();
    }
    try {
      return ManagedFields.decode(live.metadata().get("managedFields"));
    } catch (IllegalArgumentException e) {
      return new ManagedFields();
    }
  }

  private static Typed.Comparison filtered(Typed.Comparison c, FieldSet ignored) {
    if (ignored.isEmpty()) {
      return c;
    }
    return new Typed.Comparison(c.added().recursiveDifference(ignored), c.modified().recursiveDifference(ignored),
        c.removed().recursiveDifference(ignored));
  }

  private static void dropEmpty(ManagedFields managed) {
    managed.entries.values().removeIf(e -> e.fields().isEmpty());
  }

  /** More than ten update entries: the oldest are merged, per version, into one {@code ancient-changes} entry. */
  private static void capUpdaters(ManagedFields managed) {
    List<Manager> updaters = new ArrayList<>(managed.entries.keySet().stream().filter(m -> !m.applied()).toList());
    if (updaters.size() <= MAX_UPDATERS) {
      return;
    }
    updaters.sort(Comparator.<Manager>comparingLong(m -> seconds(managed.entries.get(m).time()))
        .thenComparing(Manager::identity));
    Map<String, Manager> firstOfVersion = new LinkedHashMap<>();
    int count = updaters.size();
    for (int i = 0; i < updaters.size() && count > MAX_UPDATERS; i++) {
      Manager m = updaters.get(i);
      Entry e = managed.entries.get(m);
      Manager bucket = Manager.of(ANCIENT, ManagedFields.UPDATE, e.apiVersion(), "");
      Manager first = firstOfVersion.get(e.apiVersion());
      if (first == null) {
        firstOfVersion.put(e.apiVersion(), m);
        continue;
      }
      if (!managed.entries.containsKey(bucket)) {
        managed.entries.put(bucket, managed.entries.remove(first));
      }
      Entry b = managed.entries.get(bucket);
      managed.entries.put(bucket, new Entry(b.fields().union(e.fields()), e.apiVersion(), e.time()));
      managed.entries.remove(m);
      count--;
    }
  }

  private static long seconds(Instant t) {
    return t == null ? 0 : t.getEpochSecond();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String name(String manager) {
    return manager == null || manager.isEmpty() ? "unknown" : manager;
  }

  private static void write(KubeObject o, ManagedFields managed) {
    if (managed.isEmpty()) {
      o.metadata().remove("managedFields");
    } else {
      o.metadata().set("managedFields", managed.encode());
    }
  }
}
