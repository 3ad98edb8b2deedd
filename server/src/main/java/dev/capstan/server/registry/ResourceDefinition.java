package dev.capstan.server.registry;

import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One served resource: its names, scope, verbs, strategy, printer and subresources. Built-ins are declared in one
 * catalog with {@link #builder}; custom resources will add definitions at run time.
 *
 * @param verbs the verbs discovery reports, in upstream's alphabetical order
 * @param status true when the resource has a {@code /status} subresource: the main resource then ignores changes
 *     to {@code status}, and {@code /status} ignores changes to everything else
 * @param scale the {@code /scale} subresource, or null
 * @param extraSubresources other subresources discovery lists (e.g. {@code pods/binding}), served by handlers of
 *     their own
 * @param generation true when {@code metadata.generation} starts at 1 and grows with each change to the spec
 * @param fieldSelectors the fields a field selector may name besides {@code metadata.name} and
 *     {@code metadata.namespace}, each with how to read it from an object
 * @param orphanByDefault true when a delete without a propagation policy orphans the dependents (upstream's
 *     default for replication controllers and jobs); otherwise they are deleted in the background
 * @param conversion how objects of this version map to the stored ones; objects of every definition with the same
 *     resource name share one key space, in the stored version
 * @param returnsDeletedObject true when a delete answers with the deleted object (pods, service accounts, storage
 *     classes upstream), false when with a {@code Status} of success
 * @param listKind the kind of a list, usually {@code kind + "List"}
 * @param keyPrefix where the objects are stored, e.g. {@code /registry/configmaps/}
 * @param custom true for a custom resource (served from a CRD): PATCH refuses strategic merge patches and list
 *     items keep their apiVersion and kind, as upstream serves unstructured objects
 * @param deprecationWarning the {@code Warning} header every request to this version gets, or null
 * @param storageVersion the version objects are stored in (discovery's storage version hash names it)
 * @param terminating true for the resources of a CRD being deleted: discovery lists only the verbs that read and
 *     delete, though updates are still served so finalizers can be removed
 */
public record ResourceDefinition(String group, String version, String resource, String kind, String singular,
    List<String> shortNames, List<String> categories, boolean namespaced, List<String> verbs, Strategy strategy,
    List<Tables.Column> columns, Tables.RowPrinter printer, boolean status, Scale scale,
    List<Subresource> extraSubresources, boolean generation, Map<String, Function<KubeObject, String>> fieldSelectors,
    boolean orphanByDefault, Conversion conversion, boolean returnsDeletedObject, String listKind, String keyPrefix,
    boolean custom, String deprecationWarning, String storageVersion, boolean terminating) {

  /** Every verb a plain resource serves. */
  public static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  /**
   * Where a {@code /scale} subresource reads and writes the replica counts.
   *
   * @param selector the {@code status.selector} of the Scale: the object's selector in string form
   */
  public record Scale(String specReplicasPath, String statusReplicasPath, Function<KubeObject, String> selector) {}

  /** A subresource as discovery lists it. */
  public record Subresource(String name, String group, String version, String kind, List<String> verbs) {}

  public ResourceDefinition {
    Objects.requireNonNull(group);
    Objects.requireNonNull(version);
    Objects.requireNonNull(resource);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(strategy);
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    verbs = List.copyOf(verbs);
    columns = List.copyOf(columns);
    extraSubresources = List.copyOf(extraSubresources);
    fieldSelectors = Map.copyOf(fieldSelectors);
    Objects.requireNonNull(conversion);
    Objects.requireNonNull(listKind);
    Objects.requireNonNull(keyPrefix);
    Objects.requireNonNull(storageVersion);
  }

  /** The verbs discovery lists: all served ones, or only those that read and delete while a CRD terminates. */
  public List<String> discoveryVerbs() {
    if (!terminating) {
      return verbs;
    }
    return verbs.stream().filter(v -> !v.equals("create") && !v.equals("update") && !v.equals("patch")).toList();
  }

  /**
   * Discovery's {@code storageVersionHash}: the first 8 bytes of the SHA-256 of the stored group/version/kind, in
   * base64, so clients can tell when the stored version changes.
   */
  public String storageVersionHash() {
    try {
      byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest((group + "/" + storageVersion + "/"
          + kind).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sum, 8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a definition with upstream's usual choices: namespaced, every verb, Name and Created At columns. */
  public static Builder builder(String group, String version, String resource, String kind) {
    return new Builder(group, version, resource, kind);
  }

  public GroupResource groupResource() {
    return new GroupResource(group, resource);
  }

  /** {@code v1} or {@code apps/v1}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code ConfigMap} or {@code Deployment.apps}, as validation errors name the kind. */
  public String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  public boolean serves(String verb) {
    return verbs.contains(verb);
  }

  /** Every subresource discovery lists: status and scale first, then the others. */
  public List<Subresource> subresources() {
    List<Subresource> out = new ArrayList<>();
    if (status) {
      out.add(new Subresource("status", group, version, kind, List.of("get", "patch", "update")));
    }
    if (scale != null) {
      out.add(new Subresource("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update")));
    }
    out.addAll(extraSubresources);
    return out;
  }

  /** The prefix of one namespace's objects ({@code ""} for all namespaces). */
  public String keyPrefix(String namespace) {
    return namespaced && !namespace.isEmpty() ? keyPrefix() + namespace + "/" : keyPrefix();
  }

  public String key(String namespace, String name) {
    return keyPrefix(namespace) + name;
  }

  /** Builds a {@link ResourceDefinition}; every setter is optional. Not thread-safe. */
  public static final class Builder {
    private final String group;
    private final String version;
    private final String resource;
    private final String kind;
    private String singular;
    private List<String> shortNames = List.of();
    private List<String> categories = List.of();
    private boolean namespaced = true;
    private List<String> verbs = ALL_VERBS;
    private Strategy strategy = new Strategy() { };
    private List<Tables.Column> columns = Tables.DEFAULT_COLUMNS;
    private Tables.RowPrinter printer = Tables.DEFAULT_ROW;
    private boolean status;
    private Scale scale;
    private final List<Subresource> extra = new ArrayList<>();
    private boolean generation;
    private final Map<String, Function<KubeObject, String>> fields = new LinkedHashMap<>();
    private boolean orphanByDefault;
    private Conversion conversion = Conversion.NONE;
    private boolean returnsDeletedObject;
    private String listKind;
    private String keyPrefix;
    private boolean custom;
    private String deprecationWarning;
    private String storageVersion;
    private boolean terminating;

    private Builder(String group, String version, String resource, String kind) {
      this.group = group;
      this.version = version;
      this.resource = resource;
      this.kind = kind;
      this.singular = kind.toLowerCase(Locale.ROOT);
      this.listKind = kind + "List";
      // Upstream's etcd layout: built-ins under their resource name, custom resources under group and resource.
      this.keyPrefix = "/registry/" + resource + "/";
    }

    public Builder listKind(String listKind) {
      this.listKind = listKind;
      return this;
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** A custom resource; see {@link ResourceDefinition#custom}. */
    public Builder custom() {
      this.custom = true;
      return this;
    }

    public Builder storageVersion(String version) {
      this.storageVersion = version;
      return this;
    }

    public Builder terminating(boolean terminating) {
      this.terminating = terminating;
      return this;
    }

    public Builder deprecationWarning(String warning) {
      this.deprecationWarning = warning;
      return this;
    }

    public Builder singular(String singular) {
      this.singular = singular;
      return this;
    }

    public Builder shortNames(String... names) {
      this.shortNames = List.of(names);
      return this;
    }

    public Builder categories(String... names) {
      this.categories = List.of(names);
      return this;
    }

    public Builder clusterScoped() {
      this.namespaced = false;
      return this;
    }

    /** The verbs, in upstream's alphabetical order. */
    public Builder verbs(String... verbs) {
      this.verbs = List.of(verbs);
      return this;
    }

    public Builder strategy(Strategy strategy) {
      this.strategy = strategy;
      return this;
    }

    /** The table columns and the printer that fills them, in the same order. */
    public Builder table(List<Tables.Column> columns, Tables.RowPrinter printer) {
      this.columns = columns;
      this.printer = printer;
      return this;
    }

    public Builder statusSubresource() {
      this.status = true;
      return this;
    }

    /** A {@code /scale} subresource over {@code spec.replicas}, {@code status.replicas} and the spec's selector. */
    public Builder scaleSubresource() {
      return scaleSubresource(new Scale("spec.replicas", "status.replicas", Selectors::specSelectorString));
    }

    public Builder scaleSubresource(Scale scale) {
      this.scale = scale;
      return this;
    }

    public Builder subresource(String name, String kindGroup, String kindVersion, String kind, String... verbs) {
      extra.add(new Subresource(name, kindGroup, kindVersion, kind, List.of(verbs)));
      return this;
    }

    public Builder generation() {
      this.generation = true;
      return this;
    }

    /** Field selectors that read a field by its dotted path; a missing field reads as "". */
    public Builder fieldSelectors(String... paths) {
      for (String path : paths) {
        fields.put(path, o -> Selectors.fieldValue(o, path));
      }
      return this;
    }

    /** A field selector with a value of its own making (e.g. a default applied when the field is absent). */
    public Builder fieldSelector(String field, Function<KubeObject, String> value) {
      fields.put(field, value);
      return this;
    }

    public Builder orphanByDefault() {
      this.orphanByDefault = true;
      return this;
    }

    /** Serves a version other than the stored one; see {@link Conversion}. */
    public Builder conversion(Conversion conversion) {
      this.conversion = conversion;
      return this;
    }

    /** A delete answers with the deleted object rather than a {@code Status}. */
    public Builder returnsDeletedObject() {
      this.returnsDeletedObject = true;
      return this;
    }

    public ResourceDefinition build() {
      return new ResourceDefinition(group, version, resource, kind, singular, shortNames, categories, namespaced,
          verbs, strategy, columns, printer, status, scale, extra, generation, fields, orphanByDefault, conversion,
          returnsDeletedObject, listKind, keyPrefix, custom, deprecationWarning,
          storageVersion == null ? version : storageVersion, terminating);
    }
  }
}
