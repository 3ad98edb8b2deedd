package dev.capstan.server.apply;

import dev.capstan.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The {@code fieldManager} of a request: checked as upstream checks it, or derived from the User-Agent. */
public final class FieldManagers {
  /** The longest manager name upstream accepts, in bytes. */
  public static final int MAX_LENGTH = 128;

  private FieldManagers() {}

  /**
   * The manager a write is recorded for.
   *
   * @param options the options kind the parameter belongs to ({@code CreateOptions}, {@code UpdateOptions},
   *     {@code PatchOptions}), which names upstream's 422
   * @param apply true for server-side apply, which requires an explicit manager
   * @param force true when the request has {@code force}, which only apply may have
   * @throws dev.capstan.api.ApiException 422 for a missing (apply), too long or unprintable manager
   */
  public static String resolve(String fieldManager, String userAgent, String options, boolean apply, boolean force) {
    String given = fieldManager == null ? "" : fieldManager;
    List<FieldError> errs = new ArrayList<>();
    if (!apply && force) {
      errs.add(FieldError.forbidden("force", "may not be specified for non-apply patch"));
    }
    if (apply && given.isEmpty()) {
      errs.add(FieldError.required("fieldManager", "is required for apply patch"));
    }
    if (given.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      errs.add(FieldError.tooLong("fieldManager", MAX_LENGTH));
    }
    int at = 0;
    for (int i = 0; i < given.length(); ) {
      int c = given.codePointAt(i);
      if (!printable(c)) {
        errs.add(FieldError.invalid("fieldManager", given, String.format("invalid character U+%04X (at position %d)",
            c, at)));
      }
      at += new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      i += Character.charCount(c);
    }
    if (!errs.isEmpty()) {
      throw FieldError.invalid("meta.k8s.io", options + ".meta.k8s.io", options, "", errs);
    }
    return given.isEmpty() ? fromUserAgent(userAgent) : given;
  }

  /** What precedes the first {@code /} of the User-Agent, printable characters only, at most 128 bytes. */
  public static String fromUserAgent(String userAgent) {
    String head = userAgent == null ? "" : userAgent.split("/", -1)[0];
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < head.length(); ) {
      int c = head.codePointAt(i);
      i += Character.charCount(c);
      if (!printable(c)) {
        continue;
      }
      int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > MAX_LENGTH) {
        break;
      }
      out.appendCodePoint(c);
      bytes += n;
    }
    return out.toString();
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE, Character.PRIVATE_USE,
          Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
