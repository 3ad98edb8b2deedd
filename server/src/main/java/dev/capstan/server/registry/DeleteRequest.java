package dev.capstan.server.registry;

/**
 * What a delete asks for, from {@code DeleteOptions} and the query.
 *
 * @param gracePeriodSeconds the requested grace period, or null for the kind's own
 * @param propagation {@code Orphan}, {@code Background} or {@code Foreground}, or "" when none was given
 */
public record DeleteRequest(Preconditions preconditions, boolean dryRun, Long gracePeriodSeconds,
    String propagation) {
  /** An unconditional delete with the kind's defaults. */
  public static final DeleteRequest DEFAULT = new DeleteRequest(Preconditions.NONE, false, null, "");

  public DeleteRequest {
    propagation = propagation == null ? "" : propagation;
  }

  /** The outcome: the object as it was removed, or as it now waits ({@code gone} false) for finalizers. */
  public record Result(dev.capstan.api.KubeObject object, boolean gone) {}
}
