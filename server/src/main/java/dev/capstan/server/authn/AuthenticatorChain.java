package dev.capstan.server.authn;

import dev.capstan.api.AuthenticationRequest;
import dev.capstan.api.Authenticator;
import dev.capstan.api.UserInfo;
import java.util.List;
import java.util.Optional;

/**
 * Asks each authenticator in turn; the first that recognises the credentials decides. A request with no
 * credentials any of them recognises is anonymous, as upstream's {@code --anonymous-auth=true} default.
 */
public final class AuthenticatorChain implements Authenticator {
  private final List<Authenticator> authenticators;

  public AuthenticatorChain(List<Authenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) {
    for (Authenticator a : authenticators) {
      Optional<UserInfo> user = a.authenticate(request);
      if (user.isPresent()) {
        return user;
      }
    }
    return Optional.of(UserInfo.anonymous());
  }
}
