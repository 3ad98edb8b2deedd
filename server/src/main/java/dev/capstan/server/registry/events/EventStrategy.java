package dev.capstan.server.registry.events;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.GoValue;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Events, validated as upstream validates them: every event passes the legacy rules (the involved object's
 * namespace matches the event's; new-style events name their reporting controller, instance, action and reason);
 * events written through events.k8s.io/v1 also pass the strict rules (eventTime set, type Normal or Warning, no
 * deprecated fields, most fields fixed after create). Both versions' objects are checked in core/v1 form, so
 * field paths are upstream's (involvedObject, message, reportingController).
 */
final class EventStrategy implements Strategy {
  private static final int REPORTING_INSTANCE_MAX = 128;
  private static final int ACTION_MAX = 128;
  private static final int REASON_MAX = 128;
  private static final int NOTE_MAX = 1024;
  private static final List<String> IMMUTABLE = List.of("involvedObject", "reason", "message", "source",
      "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "action", "related", "reportingComponent",
      "reportingInstance");

  private final boolean strict;

  /** @param strict true for events.k8s.io/v1, whose writes get the strict rules on top of the legacy ones */
  EventStrategy(boolean strict) {
    this.strict = strict;
  }

  /**
   * Legacy events were never name-checked beyond what a URL path allows (their names are
   * {@code <object>.<hex>}); events.k8s.io/v1 names are DNS subdomains.
   */
  @Override
  public Function<String, List<String>> nameRule() {
    return strict ? NameRules::dns1123Subdomain : NameRules::pathSegment;
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion)
        .string("reason").string("type").string("action").string("reportingInstance");
    if (strict) {
      checks.string("note").string("reportingController").nested("EventSeries", "int32", "series", "count")
          .nested("Event", "int32", "deprecatedCount");
    } else {
      checks.string("message").string("reportingComponent").nested("EventSeries", "int32", "series", "count")
          .nested("Event", "int32", "count");
    }
  }

  @Override
  public List<FieldError> validate(KubeObject served) {
    JsonNode e = EventConversion.core(served).node();
    List<FieldError> errs = legacy(e);
    if (!strict) {
      return errs;
    }
    series(errs, e);
    if (Checks.text(e, "eventTime").isEmpty()) {
      errs.add(FieldError.required("eventTime", ""));
    }
    String type = Checks.text(e, "type");
    if (!type.equals("Normal") && !type.equals("Warning")) {
      errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
    }
    for (String f : new String[] {"firstTimestamp", "lastTimestamp"}) {
      if (!Checks.text(e, f).isEmpty()) {
        errs.add(FieldError.invalid(f, "", "needs to be unset"));
      }
    }
    if (e.path("count").asLong(0) != 0) {
      errs.add(FieldError.invalid("count", "", "needs to be unset"));
    }
    if (!Checks.text(e.path("source"), "component").isEmpty() || !Checks.text(e.path("source"), "host").isEmpty()) {
      errs.add(FieldError.invalid("source", "", "needs to be unset"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject served, KubeObject oldServed) {
    JsonNode e = EventConversion.core(served).node();
    List<FieldError> errs = legacy(e);
    if (!strict) {
      return errs;
    }
    JsonNode old = EventConversion.core(oldServed).node();
    if (!Objects.equals(e.get("series"), old.get("series"))) {
      series(errs, e);
    }
    for (String f : IMMUTABLE) {
      JsonNode now = e.get(f);
      if (!Objects.equals(present(now), present(old.get(f)))) {
        Object shown = now == null || now.isNull() ? null : now.isString() ? now.asString()
            : new GoValue(now.toString());
        errs.add(FieldError.invalid(f.equals("reportingComponent") ? "reportingController" : f, shown,
            "field is immutable"));
      }
    }
    return errs;
  }

  /** The rules every event must pass, whatever version wrote it. */
  private static List<FieldError> legacy(JsonNode e) {
    List<FieldError> errs = new ArrayList<>();
    String namespace = Checks.text(e.path("metadata"), "namespace");
    String involvedNs = Checks.text(e.path("involvedObject"), "namespace");
    if (Checks.text(e, "eventTime").isEmpty()) {
      boolean ok = involvedNs.isEmpty() ? namespace.isEmpty() || namespace.equals("default")
          : namespace.equals(involvedNs);
      if (!ok) {
        errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
      }
    } else {
      if (involvedNs.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
        errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
      }
      String controller = Checks.text(e, "reportingComponent");
      if (controller.isEmpty()) {
        errs.add(FieldError.required("reportingController", ""));
      }
      NameRules.qualifiedName(controller).forEach(m -> errs.add(FieldError.invalid("reportingController",
          controller, m)));
      required(errs, e, "reportingInstance", "reportingInstance", REPORTING_INSTANCE_MAX);
      required(errs, e, "action", "action", ACTION_MAX);
      required(errs, e, "reason", "reason", REASON_MAX);
      if (Checks.text(e, "message").length() > NOTE_MAX) {
        errs.add(FieldError.invalid("message", "", "can have at most " + NOTE_MAX + " characters"));
      }
    }
    NameRules.dns1123Subdomain(namespace).forEach(m -> errs.add(FieldError.invalid("namespace", namespace, m)));
    return errs;
  }

  private static void required(List<FieldError> errs, JsonNode e, String field, String path, int max) {
    String v = Checks.text(e, field);
    if (v.isEmpty()) {
      errs.add(FieldError.required(path, ""));
    }
    if (v.length() > max) {
      errs.add(FieldError.invalid(path, "", "can have at most " + max + " characters"));
    }
  }

  private static void series(List<FieldError> errs, JsonNode e) {
    JsonNode series = e.get("series");
    if (series == null || series.isNull()) {
      return;
    }
    if (series.path("count").asLong(0) < 2) {
      errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
    }
    if (Checks.text(series, "lastObservedTime").isEmpty()) {
      errs.add(FieldError.required("series.lastObservedTime", ""));
    }
  }

  private static JsonNode present(JsonNode n) {
    return n == null || n.isNull() ? null : n;
  }

  /** The rule for names that only have to fit in a URL path, with upstream's messages. */
}
