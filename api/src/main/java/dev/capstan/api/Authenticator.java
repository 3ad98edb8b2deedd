package dev.capstan.api;

import java.util.Optional;

/**
 * Establishes who made a request. Implementations are thread-safe and must not block on the network for
 * long: they run on every request.
 *
 * <p>Returns empty when the request carries no credentials of this authenticator's kind ("not mine"), so a
 * union can ask the next one. Throws {@link ApiException} (401) when the request carries credentials of this
 * kind that are not valid: upstream rejects such a request rather than treating it as anonymous.
 */
@FunctionalInterface
public interface Authenticator {
  Optional<UserInfo> authenticate(AuthenticationRequest request);
}
