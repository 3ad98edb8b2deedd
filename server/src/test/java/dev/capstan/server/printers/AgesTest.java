package dev.capstan.server.printers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgesTest {
  @ParameterizedTest(name = "{0}s -> {1}")
  @CsvSource({
      "-5, <invalid>", "-1, 0s", "0, 0s", "59, 59s", "119, 119s", "120, 2m", "200, 3m20s", "599, 9m59s",
      "600, 10m", "10799, 179m", "10800, 3h", "11100, 3h5m", "28800, 8h", "172799, 47h", "172800, 2d",
      "183600, 2d3h", "691200, 8d", "63071999, 729d", "63072000, 2y", "64000000, 2y10d", "252288000, 8y",
  })
  void printsAsUpstream(long seconds, String expected) {
    assertThat(Ages.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-11-29T00:00:00Z, 5m", "'', <unknown>", "not-a-time, <unknown>"})
  void sinceATimestamp(String timestamp, String expected) {
    assertThat(Ages.since(timestamp, Instant.parse("2026-11-29T00:05:00Z"))).isEqualTo(expected);
  }
}
