package dev.capstan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The run's figures: one row per metric, written as JSON and printed as one markdown table. */
final class Report {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One line of the table. {@code ratio} is Capstan / baseline (NaN without a baseline); {@code met} is null when
   * the row has no target or was not measured.
   */
  record Row(String scenario, String metric, String unit, String baselineName, double baseline, double capstan,
      String target, Boolean met, String note) {
    double ratio() {
      return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : capstan / baseline;
    }
  }

  final ObjectNode root = JSON.createObjectNode();
  private final List<Row> rows = new ArrayList<>();
  private final ObjectNode details = root.putObject("details");

  /** A figure that should be at least {@code minRatio} × the baseline (higher is better). */
  void atLeast(String scenario, String metric, String unit, String baselineName, double baseline, double capstan,
      double minRatio) {
    double ratio = capstan / baseline;
    String target = minRatio == 1 ? "≥ 1× " + baselineName : "≥ " + fmt(minRatio * 100) + " % of " + baselineName;
    add(new Row(scenario, metric, unit, baselineName, baseline, capstan, target,
        Double.isNaN(ratio) ? null : ratio >= minRatio, null));
  }

  /** A figure that should be at most {@code maxRatio} × the baseline (lower is better). */
  void atMostRatio(String scenario, String metric, String unit, String baselineName, double baseline,
      double capstan, double maxRatio, String target) {
    double ratio = capstan / baseline;
    add(new Row(scenario, metric, unit, baselineName, baseline, capstan, target,
        Double.isNaN(ratio) ? null : ratio <= maxRatio, null));
  }

  /** A figure with an absolute ceiling (lower is better); the baseline is shown for comparison only. */
  void atMost(String scenario, String metric, String unit, String baselineName, double baseline, double capstan,
      double limit) {
    add(new Row(scenario, metric, unit, baselineName, baseline, capstan, "≤ " + fmt(limit) + " " + unit,
        Double.isNaN(capstan) ? null : capstan <= limit, null));
  }

  /** A figure printed for the record, with no target. */
  void info(String scenario, String metric, String unit, String baselineName, double baseline, double capstan) {
    add(new Row(scenario, metric, unit, baselineName, baseline, capstan, "", null, null));
  }

  /** A figure with a target that is a yes/no property, e.g. zero loss. */
  void check(String scenario, String metric, String unit, double capstan, String target, boolean met, String note) {
    add(new Row(scenario, metric, unit, null, Double.NaN, capstan, target, met, note));
  }

  void notMeasured(String scenario, String metric, String why) {
    add(new Row(scenario, metric, "", null, Double.NaN, Double.NaN, "", null, "not measured: " + why));
  }

  void add(Row row) {
    rows.add(row);
    System.out.println("  " + line(row));
  }

  ObjectNode details(String scenario) {
    return details.has(scenario) ? (ObjectNode) details.get(scenario) : details.putObject(scenario);
  }

  void write(Path file) throws IOException {
    ArrayNode array = root.putArray("rows");
    for (Row r : rows) {
      ObjectNode o = array.addObject();
      o.put("scenario", r.scenario());
      o.put("metric", r.metric());
      o.put("unit", r.unit());
      o.put("baseline", r.baselineName());
      putNumber(o, "baselineValue", r.baseline());
      putNumber(o, "capstan", r.capstan());
      putNumber(o, "ratio", r.ratio());
      o.put("target", r.target());
      if (r.met() != null) {
        o.put("met", r.met());
      }
      if (r.note() != null) {
        o.put("note", r.note());
      }
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  private static void putNumber(ObjectNode o, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  /** The markdown table: metric, baseline, Capstan, ratio, target. */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| # | metric | baseline | Capstan | ratio | target | met |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.scenario()).append(" | ").append(r.metric()).append(" | ")
          .append(r.baselineName() == null ? "" : r.baselineName() + " " + fmt(r.baseline()) + " " + r.unit())
          .append(" | ")
          .append(r.note() != null && r.note().startsWith("not measured") ? r.note()
              : fmt(r.capstan()) + " " + r.unit() + (r.note() == null ? "" : " (" + r.note() + ")"))
          .append(" | ").append(Double.isNaN(r.ratio()) ? "" : fmt(r.ratio()) + "×")
          .append(" | ").append(r.target())
          .append(" | ").append(r.met() == null ? "" : r.met() ? "yes" : "**no**").append(" |\n");
    }
    return sb.toString();
  }

  private static String line(Row r) {
    return r.scenario() + " " + r.metric() + ": " + (r.note() != null && r.note().startsWith("not measured")
        ? r.note() : fmt(r.capstan()) + " " + r.unit() + (r.baselineName() == null ? ""
        : " vs " + r.baselineName() + " " + fmt(r.baseline())) + (r.met() == null ? "" : r.met() ? " [met]"
        : " [MISSED " + r.target() + "]"));
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
  }
}
