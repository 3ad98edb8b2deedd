package dev.capstan.server.registry.values;

/**
 * A value shown in a validation message exactly as given, unquoted: for the places where upstream prints a Go
 * value with {@code %v} or {@code %#v} (a quantity, a struct, a typed nil) rather than a quoted string.
 */
public record GoValue(String text) {
  @Override
  public String toString() {
    return text;
  }
}
