package dev.capstan.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.AuthorizationAttributes;
import dev.capstan.api.Decision;
import dev.capstan.api.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapAuthorizerTest {
  private final BootstrapAuthorizer authorizer = new BootstrapAuthorizer();
  private final UserInfo alice = new UserInfo("alice", "", List.of(UserInfo.AUTHENTICATED), Map.of());

  @Test
  void authenticatedUsersMayReadDiscoveryAndOpenApiAsSystemDiscoveryAllows() {
    for (String path : List.of("/openapi/v2", "/openapi/v3", "/openapi/v3/apis/apps/v1", "/api", "/apis/apps")) {
      assertThat(verdict(alice, "get", path)).as(path).isEqualTo(Decision.Verdict.ALLOW);
    }
    assertThat(verdict(alice, "post", "/openapi/v2")).isEqualTo(Decision.Verdict.NO_OPINION);
    assertThat(verdict(alice, "get", "/openapiv2")).isEqualTo(Decision.Verdict.NO_OPINION);
  }

  @Test
  void anonymousUsersMayNotReadOpenApi() {
    assertThat(verdict(UserInfo.anonymous(), "get", "/openapi/v3")).isEqualTo(Decision.Verdict.NO_OPINION);
    assertThat(verdict(UserInfo.anonymous(), "get", "/version")).isEqualTo(Decision.Verdict.ALLOW);
  }

  private Decision.Verdict verdict(UserInfo user, String verb, String path) {
    return authorizer.authorize(new AuthorizationAttributes(user, verb, "", "", "", "", "", "", false, path))
        .verdict();
  }
}
