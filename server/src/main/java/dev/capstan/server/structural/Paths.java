package dev.capstan.server.structural;

/** Upstream's field.Path rendering: {@code a.b}, {@code a[key]} for map keys, {@code a[0]} for list items. */
final class Paths {
  private Paths() {}

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
