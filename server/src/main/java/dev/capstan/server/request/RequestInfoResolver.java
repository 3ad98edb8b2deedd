package dev.capstan.server.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses a request into a {@link RequestInfo}. Stateless and thread-safe. */
public final class RequestInfoResolver {
  /** Sub-paths of a namespace that are subresources of the namespace rather than resources in it. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  private RequestInfoResolver() {}

  /**
   * @param method the HTTP method
   * @param path the decoded request path
   * @param watchParam the {@code watch} query parameter, or null
   */
  public static RequestInfo resolve(String method, String path, String watchParam) {
    String lowerMethod = method.toLowerCase(Locale.ROOT);
    List<String> parts = new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/+")));
    if (parts.size() == 1 && parts.get(0).isEmpty()) {
      parts.clear();
    }
    RequestInfo nonResource = new RequestInfo(false, path, lowerMethod, "", "", "", "", "", "", "");
    if (parts.isEmpty() || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
      return nonResource;
    }
    String prefix = parts.remove(0);
    String group = "";
    if (prefix.equals("apis")) {
      if (parts.isEmpty()) {
        return nonResource;
      }
      group = parts.remove(0);
    }
    if (parts.isEmpty()) {
      return nonResource;
    }
    String version = parts.remove(0);
    if (parts.isEmpty()) {
      return nonResource; // discovery of one group version
    }

    String verb = switch (lowerMethod) {
      case "post" -> "create";
      case "put" -> "update";
      case "patch" -> "patch";
      case "delete" -> "delete";
      default -> "get";
    };
    if (parts.get(0).equals("watch")) {
      parts.remove(0);
      verb = "watch";
      if (parts.isEmpty()) {
        return nonResource;
      }
    }

    String namespace = "";
    if (parts.get(0).equals("namespaces")) {
      if (parts.size() > 1) {
        namespace = parts.get(1);
        if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
          parts = new ArrayList<>(parts.subList(2, parts.size()));
        }
      }
    }

    String resource = parts.get(0);
    String name = parts.size() > 1 ? parts.get(1) : "";
    String subresource = parts.size() > 2 ? parts.get(2) : "";

    if (name.isEmpty()) {
      if (verb.equals("get")) {
        verb = isTrue(watchParam) ? "watch" : "list";
      } else if (verb.equals("delete")) {
        verb = "deletecollection";
      }
    } else if (verb.equals("get") && isTrue(watchParam)) {
      verb = "watch";
    }
    return new RequestInfo(true, path, verb, prefix, group, version, namespace, resource, subresource, name);
  }

  private static boolean isTrue(String param) {
    return param != null && (param.equals("1") || param.equalsIgnoreCase("true"));
  }
}
