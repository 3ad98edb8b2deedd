package dev.capstan.api;

/**
 * Decides whether a user may perform a request. Implementations are thread-safe and answer from memory.
 * A union of authorizers asks each in turn: the first {@code ALLOW} or {@code DENY} wins, and if all have
 * no opinion the request is forbidden.
 */
@FunctionalInterface
public interface Authorizer {
  Decision authorize(AuthorizationAttributes attributes);
}
