package dev.capstan.server.registry;

import dev.capstan.api.GroupResource;
import dev.capstan.server.printers.Tables;
import java.util.List;
import java.util.Objects;

/**
 * One served resource: its names, scope, verbs, strategy and printer. Built-ins are declared in one catalog;
 * custom resources will add definitions at run time.
 *
 * @param verbs the verbs discovery reports, in upstream's alphabetical order
 */
public record ResourceDefinition(String group, String version, String resource, String kind, String singular,
    List<String> shortNames, List<String> categories, boolean namespaced, List<String> verbs, Strategy strategy,
    List<Tables.Column> columns, Tables.RowPrinter printer) {

  /** Every verb a plain resource serves. */
  public static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  public ResourceDefinition {
    Objects.requireNonNull(group);
    Objects.requireNonNull(version);
    Objects.requireNonNull(resource);
    Objects.requireNonNull(kind);
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    verbs = List.copyOf(verbs);
    columns = List.copyOf(columns);
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

  public String listKind() {
    return kind + "List";
  }

  public boolean serves(String verb) {
    return verbs.contains(verb);
  }

  /** The storage prefix of all objects, e.g. {@code /registry/configmaps/}, as upstream lays out etcd. */
  public String keyPrefix() {
    return "/registry/" + resource + "/";
  }

  /** The prefix of one namespace's objects ({@code ""} for all namespaces). */
  public String keyPrefix(String namespace) {
    return namespaced && !namespace.isEmpty() ? keyPrefix() + namespace + "/" : keyPrefix();
  }

  public String key(String namespace, String name) {
    return keyPrefix(namespace) + name;
  }
}
