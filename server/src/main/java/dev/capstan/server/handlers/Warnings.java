package dev.capstan.server.handlers;

import dev.capstan.api.FieldError;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code Warning:} response headers, as upstream's warning recorder writes them ({@code 299 - "text"}); kubectl
 * prints each as {@code Warning: text}. A text is sent once per response.
 */
final class Warnings {
  private static final String ATTRIBUTE = Warnings.class.getName();

  private Warnings() {}

  static void add(Context ctx, String text) {
    @SuppressWarnings("unchecked")
    Set<String> sent = (Set<String>) ctx.attribute(ATTRIBUTE);
    if (sent == null) {
      sent = new LinkedHashSet<>();
      ctx.attribute(ATTRIBUTE, sent);
    }
    if (sent.add(text)) {
      ctx.res().addHeader("Warning", "299 - " + FieldError.goQuote(text));
    }
  }
}
