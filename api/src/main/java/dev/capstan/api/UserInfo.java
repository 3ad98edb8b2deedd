package dev.capstan.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who made a request, as an authenticator established it. Immutable.
 *
 * @param name the user name, e.g. {@code kubernetes-admin} or {@code system:anonymous}
 * @param uid a unique id, or "" when the authenticator has none
 * @param groups the groups in the order the authenticator found them
 * @param extra additional attributes (empty for certificates)
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String ANONYMOUS = "system:anonymous";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String MASTERS = "system:masters";

  public UserInfo {
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  /** The identity of a request that carried no credentials. */
  public static UserInfo anonymous() {
    return new UserInfo(ANONYMOUS, "", List.of(UNAUTHENTICATED), Map.of());
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
