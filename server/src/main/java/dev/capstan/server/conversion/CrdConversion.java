package dev.capstan.server.conversion;

import dev.capstan.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every strategy shares (upstream's crConverter around the strategy's converter): the desired and the objects'
 * versions must be versions of the CRD, and objects already at the desired version are left alone.
 */
final class CrdConversion implements CrdConverter {
  /** A strategy's conversion of objects none of which is at {@code desired} yet. */
  interface Strategy {
    List<ObjectNode> convert(List<ObjectNode> objects, String desired, String listKind);
  }

  private final String group;
  private final Set<String> versions;
  private final String listKind;
  private final Strategy strategy;

  private CrdConversion(String group, Set<String> versions, String listKind, Strategy strategy) {
    this.group = group;
    this.versions = versions;
    this.listKind = listKind;
    this.strategy = strategy;
  }

  static CrdConverter create(JsonNode spec, ServiceResolver services, WebhookClient.Settings settings) {
    Objects.requireNonNull(spec, "crdSpec");
    String group = spec.path("group").asString("");
    Set<String> versions = new LinkedHashSet<>();
    spec.path("versions").forEach(v -> versions.add(v.path("name").asString("")));
    JsonNode names = spec.path("names");
    String listKind = names.path("listKind").asString("");
    if (listKind.isEmpty()) {
      listKind = names.path("kind").asString("") + "List";
    }
    JsonNode conversion = spec.path("conversion");
    String strategyName = conversion.path("strategy").asString("None");
    Strategy strategy = switch (strategyName) {
      case "None" -> NoneConverter.INSTANCE;
      case "Webhook" -> WebhookConverter.create(conversion.path("webhook"), services, settings);
      default -> throw ApiException.internal("unknown conversion strategy " + Go.quote(strategyName) + " for CRD "
          + names.path("plural").asString("") + "." + group);
    };
    return new CrdConversion(group, Set.copyOf(versions), listKind, strategy);
  }

  @Override
  public List<ObjectNode> convert(List<ObjectNode> objects, String desired) {
    Objects.requireNonNull(desired, "desired");
    if (!isVersionOfThisCrd(desired)) {
      throw Go.failure("request to convert CR to an invalid group/version: " + Go.groupVersion(desired));
    }
    List<ObjectNode> pending = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      String apiVersion = objects.get(i).path("apiVersion").asString("");
      if (!isVersionOfThisCrd(apiVersion)) {
        throw Go.failure(objects.size() == 1
            ? "request to convert CR from an invalid group/version: " + Go.groupVersion(apiVersion)
            : "request to convert CR list failed, list index " + i + " has invalid group/version: "
                + Go.groupVersion(apiVersion));
      }
      if (!apiVersion.equals(desired)) {
        pending.add(objects.get(i));
      }
    }
    if (pending.isEmpty()) {
      return List.copyOf(objects);
    }
    // One object at a time is how kube-apiserver converts what it reads from storage; it sends a list only when it
    // holds a list, and then names the list in its errors.
    boolean single = objects.size() == 1;
    if (single && isEmptyObject(pending.get(0))) {
      // kube-apiserver never calls a webhook for an object with nothing but apiVersion and kind.
      return NoneConverter.INSTANCE.convert(pending, desired, listKind);
    }
    List<ObjectNode> converted = strategy.convert(pending, desired, single ? null : listKind);
    List<ObjectNode> out = new ArrayList<>(objects.size());
    int next = 0;
    for (ObjectNode o : objects) {
      out.add(o.path("apiVersion").asString("").equals(desired) ? o : converted.get(next++));
    }
    return List.copyOf(out);
  }

  private boolean isVersionOfThisCrd(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    if (slash < 0 || apiVersion.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return apiVersion.substring(0, slash).equals(group) && versions.contains(apiVersion.substring(slash + 1));
  }

  private static boolean isEmptyObject(ObjectNode o) {
    return o.size() == 2 && o.has("apiVersion") && o.has("kind");
  }
}
