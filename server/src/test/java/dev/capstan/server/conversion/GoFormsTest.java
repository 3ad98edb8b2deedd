package dev.capstan.server.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Go renderings conversion errors are built from, stated with the values Go's own tests and docs use. */
class GoFormsTest {

  @Test
  void hostNamesMatchAsGoMatchesThem() {
    // crypto/x509 matchHostnames: a wildcard stands for exactly one leftmost label, case does not matter, and a
    // trailing dot is ignored.
    assertThat(WebhookTls.Hostnames.matches("a.b.c", "a.b.c")).isTrue();
    assertThat(WebhookTls.Hostnames.matches("A.b.C", "a.B.c")).isTrue();
    assertThat(WebhookTls.Hostnames.matches("*.b.c", "a.b.c")).isTrue();
    assertThat(WebhookTls.Hostnames.matches("*.b.c", "b.c")).isFalse();
    assertThat(WebhookTls.Hostnames.matches("*.b.c", "x.a.b.c")).isFalse();
    assertThat(WebhookTls.Hostnames.matches("a.*.c", "a.b.c")).isFalse();
    assertThat(WebhookTls.Hostnames.matches("*.c", "b.c")).isFalse();
    assertThat(WebhookTls.Hostnames.matches("conv.ns.svc", "conv.ns.svc.")).isTrue();
    assertThat(WebhookTls.Hostnames.matches("", "a")).isFalse();
  }

  @Test
  void addressesPrintAsGoPrintsThem() {
    assertThat(WebhookTls.Hostnames.goIp(WebhookTls.Hostnames.ipLiteral("127.0.0.1"))).isEqualTo("127.0.0.1");
    assertThat(WebhookTls.Hostnames.goIp(WebhookTls.Hostnames.ipLiteral("::1"))).isEqualTo("::1");
    assertThat(WebhookTls.Hostnames.goIp(WebhookTls.Hostnames.ipLiteral("2001:db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(WebhookTls.Hostnames.goIp(WebhookTls.Hostnames.ipLiteral("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
    assertThat(WebhookTls.Hostnames.ipLiteral("conv.ns.svc")).isNull();
  }

  @Test
  void durationsPrintAsGoPrintsThem() {
    assertThat(Go.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Go.duration(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(Go.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Go.duration(Duration.ofMinutes(2))).isEqualTo("2m0s");
  }

  @Test
  void groupVersionKindsPrintAsGoPrintsThem() {
    assertThat(Go.groupVersionKind("stable.example.com/v1", "CronTab")).isEqualTo("stable.example.com/v1, Kind=CronTab");
    assertThat(Go.groupVersionKind("v1", "Pod")).isEqualTo("/v1, Kind=Pod");
    assertThat(Go.groupVersionKind("", "")).isEqualTo("/, Kind=");
    assertThat(Go.groupVersionKind("a/b/c", "X")).isEqualTo("/, Kind=");
    assertThat(Go.groupVersion("v1")).isEqualTo("v1");
    assertThat(Go.groupVersion("/v1")).isEqualTo("v1");
  }
}
