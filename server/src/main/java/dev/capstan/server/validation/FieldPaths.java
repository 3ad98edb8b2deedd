package dev.capstan.server.validation;

/** Field paths as upstream's {@code field.Path} prints them: {@code a.b}, {@code a[key]} for map keys, {@code a[0]}. */
public final class FieldPaths {
  private FieldPaths() {}

  public static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  public static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
