package dev.capstan.server.registry.batch;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.pods.PodSpecs;
import dev.capstan.server.validation.TypeChecks;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CronJobs: upstream's defaults (Allow, not suspended, keep 3 succeeded and 1 failed job); a valid schedule and
 * time zone; a job template whose pods restart OnFailure or Never; names short enough for the jobs made from them.
 */
final class CronJobStrategy implements Strategy {
  private static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");
  private static final Pattern ZONE_PART = Pattern.compile("[A-Za-z._+\\-0-9]+");
  /** 63 (a DNS-1035 label) less the 11 characters of the scheduled-time suffix of job names. */
  private static final int NAME_MAX = 52;

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("CronJobSpec", "string", "spec", "schedule")
        .nested("CronJobSpec", "string", "spec", "timeZone")
        .nested("CronJobSpec", "bool", "spec", "suspend")
        .nested("CronJobSpec", "int32", "spec", "successfulJobsHistoryLimit")
        .nested("CronJobSpec", "int32", "spec", "failedJobsHistoryLimit");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = o.node().get("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
    if (spec.path("concurrencyPolicy").asString("").isEmpty()) {
      spec.put("concurrencyPolicy", "Allow");
    }
    if (!spec.hasNonNull("suspend")) {
      spec.put("suspend", false);
    }
    if (!spec.hasNonNull("successfulJobsHistoryLimit")) {
      spec.put("successfulJobsHistoryLimit", 3);
    }
    if (!spec.hasNonNull("failedJobsHistoryLimit")) {
      spec.put("failedJobsHistoryLimit", 1);
    }
    ObjectNode jobTemplate = spec.get("jobTemplate") instanceof ObjectNode t ? t : spec.putObject("jobTemplate");
    PodSpecs.nullCreationTimestamp(jobTemplate);
    ObjectNode jobSpec = jobTemplate.get("spec") instanceof ObjectNode s ? s : jobTemplate.putObject("spec");
    if (!(jobSpec.get("template") instanceof ObjectNode)) {
      jobSpec.putObject("template");
    }
    PodSpecs.applyTemplateDefaults(jobSpec, "template");
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    applyDefaults(o);
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    if (o.name().length() > NAME_MAX) {
      errs.add(FieldError.invalid("metadata.name", o.name(), "must be no more than " + NAME_MAX + " characters"));
    }
    errs.addAll(validateSpec(o.node().path("spec"), null));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    return validateSpec(o.node().path("spec"), old.node().path("spec"));
  }

  private static List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec) {
    List<FieldError> errs = new ArrayList<>();
    String schedule = spec.path("schedule").asString("");
    if (schedule.isEmpty()) {
      errs.add(FieldError.required("spec.schedule", ""));
    } else {
      try {
        CronSchedules.check(schedule);
      } catch (CronSchedules.Invalid e) {
        errs.add(FieldError.invalid("spec.schedule", schedule, e.getMessage()));
      }
      // A TZ in the schedule is accepted only on objects that already had one.
      boolean hadTz = oldSpec != null && oldSpec.path("schedule").asString("").contains("TZ");
      if (schedule.contains("TZ") && !hadTz) {
        errs.add(FieldError.invalid("spec.schedule", schedule,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
      } else if (schedule.contains("TZ") && spec.hasNonNull("timeZone")) {
        errs.add(FieldError.invalid("spec.schedule", schedule,
            "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
      }
    }
    String policy = spec.path("concurrencyPolicy").asString("");
    if (policy.isEmpty()) {
      errs.add(FieldError.required("spec.concurrencyPolicy", ""));
    } else if (!CONCURRENCY.contains(policy)) {
      errs.add(PodSpecs.notSupported("spec.concurrencyPolicy", policy, CONCURRENCY));
    }
    for (String field : new String[] {"startingDeadlineSeconds", "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit"}) {
      JsonNode v = spec.get(field);
      if (v != null && v.isNumber() && v.asLong() < 0) {
        errs.add(FieldError.invalid("spec." + field, v.asLong(), "must be greater than or equal to 0"));
      }
    }
    errs.addAll(JobStrategy.validateSpec(spec.path("jobTemplate").path("spec"), "spec.jobTemplate.spec"));
    JsonNode zone = spec.get("timeZone");
    if (zone != null && zone.isString()) {
      timeZone(zone.asString(), errs);
    }
    return errs;
  }

  private static void timeZone(String zone, List<FieldError> errs) {
    if (zone.isEmpty()) {
      errs.add(FieldError.invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string"));
      return;
    }
    for (String part : zone.split("/", -1)) {
      if (part.equals(".") || part.equals("..") || part.startsWith("-") || !ZONE_PART.matcher(part).matches()) {
        errs.add(FieldError.invalid("spec.timeZone", zone, "unknown time zone " + zone));
        return;
      }
    }
    if (zone.equalsIgnoreCase("Local")) {
      errs.add(FieldError.invalid("spec.timeZone", zone,
          "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
      return;
    }
    try {
      ZoneId.of(zone);
    } catch (RuntimeException e) {
      errs.add(FieldError.invalid("spec.timeZone", zone, "unknown time zone " + zone));
    }
  }
}
