package dev.capstan.server.openapi;

import dev.capstan.server.registry.ResourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paths and operations kube-apiserver's installer registers for one resource, in a form both OpenAPI versions
 * render: operation ids and tags by upstream's naming rule ({@code patchAppsV1NamespacedDeployment}, tag
 * {@code apps_v1}), {@code x-kubernetes-action}, the kind each operation is about, its query parameters, body and
 * responses. Verbs come from the definition, so a resource shows exactly the operations it serves.
 */
final class Operations {
  private Operations() {}

  /** A query or path parameter; {@code type} is a JSON schema primitive type name. */
  record Param(String name, String in, String type, String description) {
    boolean required() {
      return in.equals("path");
    }
  }

  /** What an operation is about: the kind's definition name and its GVK. */
  record Subject(String group, String version, String kind, String definition) {}

  /**
   * One operation. {@code body} is the definition of the request body ({@code null} for none), {@code consumes}
   * the body's media types ({@code *}{@code /*} for objects), {@code responses} the status codes with their
   * definitions ({@code null} definition: a plain string, as logs are).
   */
  record Operation(String method, String description, String operationId, String tag, String action,
      Subject subject, List<Param> params, String body, List<String> consumes, boolean bodyRequired,
      List<Response> responses, List<String> produces) {}

  record Response(String code, String description, String definition) {}

  /** A path with the parameters all its operations share and the operations, in method order. */
  record PathItem(String path, List<Param> params, List<Operation> operations) {}

  static final List<String> PRODUCES = List.of("application/json", "application/yaml",
      "application/vnd.kubernetes.protobuf");
  static final List<String> PRODUCES_STREAMS = List.of("application/json", "application/yaml",
      "application/vnd.kubernetes.protobuf", "application/json;stream=watch",
      "application/vnd.kubernetes.protobuf;stream=watch");
  static final String APPLY_YAML = "application/apply-patch+yaml";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  private static final Param PRETTY = query("pretty", "string", "If 'true', the output is indented.");
  private static final Param NAMESPACE = new Param("namespace", "path", "string",
      "object name and auth scope, such as for teams and projects");
  private static final Param DRY_RUN = query("dryRun", "string",
      "When present, nothing is persisted; the only valid value is All.");
  private static final Param FIELD_MANAGER = query("fieldManager", "string",
      "The name of the actor making the change; required for apply patches.");
  private static final Param FIELD_VALIDATION = query("fieldValidation", "string",
      "How unknown and duplicate fields are treated: Ignore, Warn (the default) or Strict.");
  private static final Param FORCE = query("force", "boolean",
      "Makes an apply patch take over fields other managers own; only for apply patches.");
  private static final List<Param> LIST_PARAMS = List.of(
      query("allowWatchBookmarks", "boolean", "Asks a watch for BOOKMARK events."),
      query("continue", "string", "The token of the next page, from the previous page's metadata."),
      query("fieldSelector", "string", "Selects objects by their fields."),
      query("labelSelector", "string", "Selects objects by their labels."),
      query("limit", "integer", "The most items one page may hold."),
      query("resourceVersion", "string", "Which resource version the answer may come from."),
      query("resourceVersionMatch", "string", "How resourceVersion is matched: Exact or NotOlderThan."),
      query("sendInitialEvents", "boolean", "Starts a watch with events for the objects that exist."),
      query("timeoutSeconds", "integer", "Ends the call after this many seconds."),
      query("watch", "boolean", "Watches for changes instead of listing."));
  private static final List<Param> DELETE_PARAMS = List.of(DRY_RUN,
      query("gracePeriodSeconds", "integer", "Seconds the object is given to terminate."),
      query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
          "Deletes an object whose stored data cannot be read."),
      query("orphanDependents", "boolean", "Deprecated: whether dependents are orphaned."),
      query("propagationPolicy", "string", "Orphan, Background or Foreground."));

  /** Every path of {@code d}; {@code definitions} names (and defines) the kinds they refer to. */
  static List<PathItem> of(ResourceDefinition d, Definitions definitions, boolean strategicMerge) {
    Names n = new Names(d);
    Subject kind = new Subject(d.group(), d.version(), d.kind(), definitions.kind(d.group(), d.version(), d.kind()));
    String list = definitions.list(d.group(), d.version(), d.kind());
    String scope = d.namespaced() ? "Namespaced" : "";
    String base = d.group().isEmpty() ? "/api/" + d.version() : "/apis/" + d.group() + "/" + d.version();
    String collection = base + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.resource();
    String item = collection + "/{name}";
    List<Param> collectionParams = d.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
    List<Param> itemParams = withName(collectionParams, d.kind());
    List<PathItem> out = new ArrayList<>();

    List<Operation> ops = new ArrayList<>();
    if (d.serves("delete") && d.serves("deletecollection")) {
      List<Param> params = new ArrayList<>(DELETE_PARAMS);
      params.addAll(LIST_PARAMS.stream().filter(p -> !p.name().equals("allowWatchBookmarks")
          && !p.name().equals("watch")).toList());
      params.sort(java.util.Comparator.comparing(Param::name));
      ops.add(op("delete", "delete collection of " + d.kind(), n.id("delete", "Collection" + scope + d.kind()), n,
          "deletecollection", kind, params, Definitions.DELETE_OPTIONS, List.of("*/*"), false,
          List.of(ok(Definitions.STATUS)), PRODUCES));
    }
    if (d.serves("list")) {
      ops.add(op("get", "list or watch objects of kind " + d.kind(), n.id("list", scope + d.kind()), n, "list",
          kind, LIST_PARAMS, null, List.of(), false, List.of(ok(list)), PRODUCES_STREAMS));
    }
    if (d.serves("create")) {
      ops.add(op("post", "create a " + d.kind(), n.id("create", scope + d.kind()), n, "post", kind, writeParams(),
          kind.definition(), List.of("*/*"), true, List.of(ok(kind.definition()),
              new Response("201", "Created", kind.definition()), new Response("202", "Accepted", kind.definition())),
          PRODUCES));
    }
    add(out, collection, collectionParams, ops);

    out.addAll(objectPaths(item, itemParams, d.kind(), "", kind, n, scope, d, strategicMerge));
    if (d.namespaced() && d.serves("list")) {
      List<Param> params = new ArrayList<>(LIST_PARAMS);
      params.add(PRETTY);
      params.sort(java.util.Comparator.comparing(Param::name));
      add(out, base + "/" + d.resource(), params, List.of(op("get", "list or watch objects of kind " + d.kind(),
          n.id("list", d.kind() + "ForAllNamespaces"), n, "list", kind, List.of(), null, List.of(), false,
          List.of(ok(list)), PRODUCES_STREAMS)));
    }
    if (d.serves("watch")) {
      String watchBase = base + "/watch" + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.resource();
      List<Param> listParams = new ArrayList<>(LIST_PARAMS);
      listParams.addAll(collectionParams);
      listParams.sort(java.util.Comparator.comparing(Param::name));
      List<Param> itemWatchParams = new ArrayList<>(LIST_PARAMS);
      itemWatchParams.addAll(itemParams);
      itemWatchParams.sort(java.util.Comparator.comparing(Param::name));
      add(out, watchBase, listParams, List.of(watch(n, "watchlist", n.id("watch", scope + d.kind() + "List"),
          "watch individual changes to a list of " + d.kind() + ". deprecated: use the 'watch' parameter with a list "
              + "operation instead.", kind)));
      add(out, watchBase + "/{name}", itemWatchParams, List.of(watch(n, "watch", n.id("watch", scope + d.kind()),
          "watch changes to an object of kind " + d.kind() + ". deprecated: use the 'watch' parameter with a list "
              + "operation instead, filtered to a single item with the 'fieldSelector' parameter.", kind)));
      if (d.namespaced()) {
        List<Param> all = new ArrayList<>(LIST_PARAMS);
        all.add(PRETTY);
        all.sort(java.util.Comparator.comparing(Param::name));
        add(out, base + "/watch/" + d.resource(), all, List.of(watch(n, "watchlist",
            n.id("watch", d.kind() + "ListForAllNamespaces"), "watch individual changes to a list of " + d.kind()
                + ". deprecated: use the 'watch' parameter with a list operation instead.", kind)));
      }
    }
    out.sort(java.util.Comparator.comparing(PathItem::path));
    return out;
  }

  /** The read, replace, patch and delete operations of an object or one of its subresources. */
  private static List<PathItem> objectPaths(String item, List<Param> itemParams, String kindName, String sub,
      Subject kind, Names n, String scope, ResourceDefinition d, boolean strategicMerge) {
    List<PathItem> out = new ArrayList<>();
    List<Operation> ops = new ArrayList<>();
    String what = sub.isEmpty() ? "the specified " + kindName : sub.toLowerCase(Locale.ROOT) + " of the specified "
        + kindName;
    String suffix = scope + kindName + sub;
    boolean main = sub.isEmpty();
    if (main && d.serves("delete")) {
      String deleted = d.returnsDeletedObject() ? kind.definition() : Definitions.STATUS;
      ops.add(op("delete", "delete " + (main ? "a " + kindName : what), n.id("delete", suffix), n, "delete", kind,
          DELETE_PARAMS, Definitions.DELETE_OPTIONS, List.of("*/*"), false,
          List.of(ok(deleted), new Response("202", "Accepted", deleted)), PRODUCES));
    }
    if (!main || d.serves("get")) {
      ops.add(op("get", "read " + what, n.id("read", suffix), n, "get", kind, List.of(), null, List.of(), false,
          List.of(ok(kind.definition())), PRODUCES));
    }
    if (!main || d.serves("patch")) {
      List<String> types = new ArrayList<>(List.of(APPLY_YAML, JSON_PATCH, MERGE_PATCH));
      if (strategicMerge) {
        types.add(STRATEGIC_MERGE_PATCH);
      }
      ops.add(op("patch", "partially update " + what, n.id("patch", suffix), n, "patch", kind,
          List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE), Definitions.PATCH, types, true,
          List.of(ok(kind.definition()), new Response("201", "Created", kind.definition())), PRODUCES));
    }
    if (!main || d.serves("update")) {
      ops.add(op("put", "replace " + what, n.id("replace", suffix), n, "put", kind, writeParams(),
          kind.definition(), List.of("*/*"), true,
          List.of(ok(kind.definition()), new Response("201", "Created", kind.definition())), PRODUCES));
    }
    add(out, item, itemParams, ops);
    return out;
  }

  /** The status and scale subresources and the plain subresources (bindings, evictions, tokens, approvals). */
  static List<PathItem> subresources(ResourceDefinition d, Definitions definitions, boolean strategicMerge) {
    Names n = new Names(d);
    String scope = d.namespaced() ? "Namespaced" : "";
    String base = d.group().isEmpty() ? "/api/" + d.version() : "/apis/" + d.group() + "/" + d.version();
    String item = base + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.resource() + "/{name}";
    List<PathItem> out = new ArrayList<>();
    for (ResourceDefinition.Subresource s : d.subresources()) {
      // Connect subresources (exec, attach, port-forward, proxy) stream rather than exchange objects.
      if (s.kind().endsWith("Options") || s.name().equals("log")) {
        continue;
      }
      Subject kind = new Subject(s.group(), s.version(), s.kind(), definitions.kind(s.group(), s.version(), s.kind()));
      String sub = s.name().substring(0, 1).toUpperCase(Locale.ROOT) + s.name().substring(1);
      List<Param> params = withName(d.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY), s.kind());
      if (s.verbs().contains("create") && !s.verbs().contains("get")) {
        add(out, item + "/" + s.name(), params, List.of(op("post", "create " + s.name() + " of a " + d.kind(),
            n.id("create", scope + d.kind() + sub), n, "post", kind, writeParams(), kind.definition(),
            List.of("*/*"), true, List.of(ok(kind.definition()), new Response("201", "Created", kind.definition()),
                new Response("202", "Accepted", kind.definition())), PRODUCES)));
        continue;
      }
      for (PathItem p : objectPaths(item + "/" + s.name(), params, d.kind(), sub, kind, n, scope, d,
          strategicMerge)) {
        List<Operation> served = p.operations().stream().filter(o -> s.verbs().contains(switch (o.method()) {
          case "put" -> "update";
          default -> o.method();
        })).toList();
        add(out, p.path(), p.params(), served);
      }
    }
    return out;
  }

  private static Operation watch(Names n, String action, String id, String description, Subject kind) {
    return new Operation("get", description, id, n.tag(), action, kind, List.of(), null, List.of(), false,
        List.of(ok(Definitions.WATCH_EVENT)), PRODUCES_STREAMS);
  }

  private static Operation op(String method, String description, String id, Names n, String action, Subject kind,
      List<Param> params, String body, List<String> consumes, boolean bodyRequired, List<Response> responses,
      List<String> produces) {
    List<Response> all = new ArrayList<>(responses);
    all.add(new Response("401", "Unauthorized", null));
    return new Operation(method, description, id, n.tag(), action, kind, params, body, consumes, bodyRequired,
        all, produces);
  }

  private static void add(List<PathItem> out, String path, List<Param> params, List<Operation> ops) {
    if (!ops.isEmpty()) {
      out.add(new PathItem(path, params, ops));
    }
  }

  private static Response ok(String definition) {
    return new Response("200", "OK", definition);
  }

  private static List<Param> writeParams() {
    return List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
  }

  private static List<Param> withName(List<Param> params, String kind) {
    List<Param> out = new ArrayList<>();
    out.add(new Param("name", "path", "string", "name of the " + kind));
    out.addAll(params);
    return out;
  }

  private static Param query(String name, String type, String description) {
    return new Param(name, "query", type, description);
  }

  /** Upstream's operation id and tag parts for a group version: {@code RbacAuthorizationV1}, {@code rbacAuthorization_v1}. */
  private record Names(String group, String version) {
    Names(ResourceDefinition d) {
      this(d.group().isEmpty() ? "core" : d.group().endsWith(".k8s.io")
          ? d.group().substring(0, d.group().length() - ".k8s.io".length()) : d.group(), d.version());
    }

    String id(String verb, String rest) {
      return verb + camel(group, true) + camel(version, true) + rest;
    }

    String tag() {
      return camel(group, false) + "_" + camel(version, false);
    }
  }

  /** Letters and digits kept, each run after another character starting upper case (upstream's valid-id rule). */
  static String camel(String s, boolean capitalizeFirst) {
    StringBuilder b = new StringBuilder();
    boolean upper = capitalizeFirst;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c) || c == '_' || (i != 0 && Character.isDigit(c))) {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return b.toString();
  }
}
