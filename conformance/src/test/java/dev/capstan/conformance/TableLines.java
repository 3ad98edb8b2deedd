package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Assertions over the lines kubectl prints for a table: cells are separated by runs of spaces. */
final class TableLines {
  private TableLines() {}

  /** Exactly these lines, each matching its regex in full. */
  static void assertRows(String output, String... regexes) {
    List<String> lines = output.lines().toList();
    assertThat(lines).as("lines of:\n%s", output).hasSize(regexes.length);
    for (int i = 0; i < regexes.length; i++) {
      assertThat(lines.get(i)).as("line %d of:\n%s", i, output).matches(regexes[i]);
    }
  }
}
