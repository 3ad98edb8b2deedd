package dev.capstan.server.authz;

import dev.capstan.api.AuthorizationAttributes;
import dev.capstan.api.Authorizer;
import dev.capstan.api.Decision;
import dev.capstan.api.UserInfo;
import java.util.Set;

/**
 * The authorizer until RBAC lands: {@code system:masters} may do everything (as upstream's privileged-group
 * authorizer), everyone may read what upstream's {@code system:public-info-viewer} role grants, every
 * authenticated user may read discovery and OpenAPI ({@code system:discovery}) and ask the self-reviews
 * ({@code system:basic-user}). Everything else has no opinion, which the server answers 403.
 */
public final class BootstrapAuthorizer implements Authorizer {
  private static final Set<String> SELF_REVIEWS = Set.of("authentication.k8s.io/selfsubjectreviews",
      "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews");
  private static final Set<String> PUBLIC_INFO = Set.of("/healthz", "/livez", "/readyz", "/version", "/version/");
  /** {@code system:discovery}'s exact paths; its {@code /api/*}, {@code /apis/*} and {@code /openapi/*} are prefixes. */
  private static final Set<String> DISCOVERY = Set.of("/api", "/apis", "/openapi");

  @Override
  public Decision authorize(AuthorizationAttributes a) {
    if (a.user().inGroup(UserInfo.MASTERS)) {
      return Decision.allow("");
    }
    if (!a.resourceRequest() && a.verb().equals("get") && PUBLIC_INFO.contains(a.path())) {
      return Decision.allow("");
    }
    if (!a.resourceRequest() && a.verb().equals("get") && a.user().inGroup(UserInfo.AUTHENTICATED)
        && discovery(a.path())) {
      return Decision.allow("");
    }
    if (a.resourceRequest() && a.verb().equals("create") && a.user().inGroup(UserInfo.AUTHENTICATED)
        && SELF_REVIEWS.contains(a.apiGroup() + "/" + a.resource())) {
      return Decision.allow("");
    }
    return Decision.noOpinion();
  }

  private static boolean discovery(String path) {
    if (DISCOVERY.contains(path)) {
      return true;
    }
    for (String prefix : DISCOVERY) {
      if (path.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }
}
