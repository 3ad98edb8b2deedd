package dev.capstan.server.registry.pods;

import dev.capstan.server.printers.Tables;

/** The wide columns every workload printer ends with: its template's containers and images, and its selector. */
public final class TemplateColumns {
  public static final Tables.Column CONTAINERS = new Tables.Column("Containers", "string", "",
      "The names of the template's containers.", 1);
  public static final Tables.Column IMAGES = new Tables.Column("Images", "string", "",
      "The images of the template's containers.", 1);
  public static final Tables.Column SELECTOR = new Tables.Column("Selector", "string", "",
      "The labels of the pods it controls.", 1);

  private TemplateColumns() {}
}
