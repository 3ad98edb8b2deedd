package dev.capstan.server.authn;

import dev.capstan.api.ApiException;
import dev.capstan.api.AuthenticationRequest;
import dev.capstan.api.Authenticator;
import dev.capstan.api.UserInfo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens: the service account tokens this server issued, accepted while the service account (and the pod
 * a token is bound to) still exists with the same uid, as upstream's legacy-free token authenticator. Any other
 * bearer token is a 401, never anonymous.
 */
public final class ServiceAccountAuthenticator implements Authenticator {
  /** Looks up the uid of a live object: {@code (resource, namespace, name)}, empty when it is gone. */
  @FunctionalInterface
  public interface Uids {
    Optional<String> uid(String resource, String namespace, String name);
  }

  private final ServiceAccountTokens tokens;
  private final Uids uids;
  private final Clock clock;

  public ServiceAccountAuthenticator(ServiceAccountTokens tokens, Uids uids, Clock clock) {
    this.tokens = tokens;
    this.uids = uids;
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.get().substring(7).trim();
    ServiceAccountTokens.Subject s = tokens.verify(token, clock.instant())
        .filter(t -> t.audiences().contains(ServiceAccountTokens.ISSUER))
        .filter(t -> uids.uid("serviceaccounts", t.namespace(), t.serviceAccount())
            .filter(t.serviceAccountUid()::equals).isPresent())
        .filter(t -> t.podName().isEmpty() || uids.uid("pods", t.namespace(), t.podName())
            .filter(t.podUid()::equals).isPresent())
        .orElseThrow(ApiException::unauthorized);
    Map<String, List<String>> extra = new LinkedHashMap<>();
    extra.put("authentication.kubernetes.io/credential-id", List.of("JTI=" + s.tokenId()));
    if (!s.podName().isEmpty()) {
      extra.put("authentication.kubernetes.io/pod-name", List.of(s.podName()));
      extra.put("authentication.kubernetes.io/pod-uid", List.of(s.podUid()));
    }
    return Optional.of(new UserInfo("system:serviceaccount:" + s.namespace() + ":" + s.serviceAccount(),
        s.serviceAccountUid(), List.of("system:serviceaccounts", "system:serviceaccounts:" + s.namespace(),
            UserInfo.AUTHENTICATED), extra));
  }
}
