package dev.capstan.api;

import java.util.Objects;

/**
 * An authorizer's answer.
 *
 * @param verdict allow, deny or no opinion
 * @param reason why, shown to the client after a denial; may be empty
 */
public record Decision(Verdict verdict, String reason) {
  public enum Verdict { ALLOW, DENY, NO_OPINION }

  public Decision {
    Objects.requireNonNull(verdict, "verdict");
    reason = reason == null ? "" : reason;
  }

  public static Decision allow(String reason) {
    return new Decision(Verdict.ALLOW, reason);
  }

  public static Decision deny(String reason) {
    return new Decision(Verdict.DENY, reason);
  }

  public static Decision noOpinion() {
    return new Decision(Verdict.NO_OPINION, "");
  }
}
