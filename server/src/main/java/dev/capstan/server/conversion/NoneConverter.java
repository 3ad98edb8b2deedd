package dev.capstan.server.conversion;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The {@code None} strategy: every version has the same schema, so only {@code apiVersion} changes. */
enum NoneConverter implements CrdConversion.Strategy {
  INSTANCE;

  @Override
  public List<ObjectNode> convert(List<ObjectNode> objects, String desired, String listKind) {
    List<ObjectNode> out = new ArrayList<>(objects.size());
    for (ObjectNode o : objects) {
      ObjectNode copy = o.deepCopy();
      copy.put("apiVersion", desired);
      out.add(copy);
    }
    return out;
  }
}
