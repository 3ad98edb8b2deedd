package dev.capstan.server.registry.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantityTest {
  @Test
  void printsCanonicallyAsUpstream() {
    assertThat(Quantity.parse("1000m")).hasToString("1");
    assertThat(Quantity.parse("1500m")).hasToString("1500m");
    assertThat(Quantity.parse("2000")).hasToString("2k");
    assertThat(Quantity.parse("1500")).hasToString("1500");
    assertThat(Quantity.parse("0.5")).hasToString("500m");
    assertThat(Quantity.parse("1048576Ki")).hasToString("1Gi");
    assertThat(Quantity.parse("1536Mi")).hasToString("1536Mi");
    assertThat(Quantity.parse("512")).hasToString("512");
    assertThat(Quantity.parse("1e3")).hasToString("1e3");
    assertThat(Quantity.parse("0Gi")).hasToString("0");
    assertThat(Quantity.parse("-1")).hasToString("-1");
  }

  @Test
  void comparesAcrossSuffixes() {
    assertThat(Quantity.parse("1Gi").compareTo(Quantity.parse("1G"))).isPositive();
    assertThat(Quantity.parse("100m")).isEqualTo(Quantity.parse("0.1"));
    assertThat(Quantity.parse("1.5").isInteger()).isFalse();
    assertThat(Quantity.parse("2k").isInteger()).isTrue();
  }

  @Test
  void rejectsTextThatIsNoQuantity() {
    assertThatThrownBy(() -> Quantity.parse("1GB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quantity.parse("abc")).hasMessageContaining("quantities must match");
  }

  @Test
  void readsIpLiteralsWithoutLookingNamesUp() {
    assertThat(IpLiterals.isIpv4("10.0.0.1")).isTrue();
    assertThat(IpLiterals.isIpv4("10.0.0.256")).isFalse();
    assertThat(IpLiterals.isIpv6("2001:db8::1")).isTrue();
    assertThat(IpLiterals.parse("example.com")).isNull();
    assertThat(IpLiterals.isCidr("10.244.0.0/24")).isTrue();
    assertThat(IpLiterals.isCidr("10.244.0.0/33")).isFalse();
    assertThat(IpLiterals.specialRange("127.0.0.1")).isEqualTo("may not be in the loopback range (127.0.0.0/8, ::1/128)");
    assertThat(IpLiterals.specialRange("10.1.2.3")).isNull();
  }
}
