package dev.capstan.server.cel;

import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.NameRules;
import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Kubernetes' URL, quantity and named-format CEL libraries: {@code url()}/{@code isURL()} with the URL getters,
 * {@code quantity()}/{@code isQuantity()} with comparison and arithmetic, and {@code format.<name>()} /
 * {@code format.named()} with {@code validate()}. Values are opaque types, as upstream's.
 */
final class KubeFunctions {
  private KubeFunctions() {
  }

  static final OpaqueType URL = OpaqueType.create("kubernetes.URL");
  static final OpaqueType QUANTITY = OpaqueType.create("kubernetes.Quantity");
  static final OpaqueType FORMAT = OpaqueType.create("kubernetes.NamedFormat");

  /** A parsed URL; the value {@code url()} returns. */
  record Url(URI uri) {
  }

  /** A named format; {@code validate} lists what is wrong with a string, nothing when it conforms. */
  record NamedFormat(String name, Function<String, List<String>> check) {
  }

  private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Map<String, NamedFormat> FORMATS = new LinkedHashMap<>();

  static {
    format("dns1123Label", NameRules::dns1123Label);
    format("dns1123Subdomain", NameRules::dns1123Subdomain);
    format("dns1035Label", KubeFunctions::dns1035Label);
    format("qualifiedName", NameRules::qualifiedName);
    format("dns1123LabelPrefix", s -> NameRules.dns1123Label(maskTrailingDash(s)));
    format("dns1123SubdomainPrefix", s -> NameRules.dns1123Subdomain(maskTrailingDash(s)));
    format("dns1035LabelPrefix", s -> dns1035Label(maskTrailingDash(s)));
    format("labelValue", NameRules::labelValue);
    format("uri", s -> {
      try {
        new URI(s);
        return List.of();
      } catch (URISyntaxException e) {
        return List.of("invalid URI: " + e.getMessage());
      }
    });
    format("uuid", s -> UUID.matcher(s).matches() ? List.of() : List.of("does not match the UUID format"));
    format("byte", s -> {
      try {
        Base64.getDecoder().decode(s);
        return List.of();
      } catch (IllegalArgumentException e) {
        return List.of("invalid base64");
      }
    });
    format("date", s -> parses(s, java.time.LocalDate::parse) ? List.of() : List.of("invalid date"));
    format("datetime", s -> parses(s, java.time.OffsetDateTime::parse) ? List.of() : List.of("invalid datetime"));
  }

  static void install(CelBuilder b) {
    b.addFunctionDeclarations(
        fn("url", CelOverloadDecl.newGlobalOverload("string_to_url", URL, SimpleType.STRING)),
        fn("isURL", CelOverloadDecl.newGlobalOverload("is_url_string", SimpleType.BOOL, SimpleType.STRING)),
        fn("getScheme", CelOverloadDecl.newMemberOverload("url_get_scheme", SimpleType.STRING, URL)),
        fn("getHost", CelOverloadDecl.newMemberOverload("url_get_host", SimpleType.STRING, URL)),
        fn("getHostname", CelOverloadDecl.newMemberOverload("url_get_hostname", SimpleType.STRING, URL)),
        fn("getPort", CelOverloadDecl.newMemberOverload("url_get_port", SimpleType.STRING, URL)),
        fn("getEscapedPath", CelOverloadDecl.newMemberOverload("url_get_escaped_path", SimpleType.STRING, URL)),
        fn("getQuery", CelOverloadDecl.newMemberOverload("url_get_query",
            MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)), URL)),
        fn("quantity", CelOverloadDecl.newGlobalOverload("string_to_quantity", QUANTITY, SimpleType.STRING)),
        fn("isQuantity", CelOverloadDecl.newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
        fn("sign", CelOverloadDecl.newMemberOverload("quantity_sign", SimpleType.INT, QUANTITY)),
        fn("isInteger", CelOverloadDecl.newMemberOverload("quantity_is_integer", SimpleType.BOOL, QUANTITY)),
        fn("asInteger", CelOverloadDecl.newMemberOverload("quantity_as_integer", SimpleType.INT, QUANTITY)),
        fn("asApproximateFloat",
            CelOverloadDecl.newMemberOverload("quantity_as_approximate_float", SimpleType.DOUBLE, QUANTITY)),
        fn("isGreaterThan",
            CelOverloadDecl.newMemberOverload("quantity_is_greater_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
        fn("isLessThan", CelOverloadDecl.newMemberOverload("quantity_is_less_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
        fn("compareTo", CelOverloadDecl.newMemberOverload("quantity_compare_to", SimpleType.INT, QUANTITY, QUANTITY)),
        fn("add", CelOverloadDecl.newMemberOverload("quantity_add", QUANTITY, QUANTITY, QUANTITY),
            CelOverloadDecl.newMemberOverload("quantity_add_int", QUANTITY, QUANTITY, SimpleType.INT)),
        fn("sub", CelOverloadDecl.newMemberOverload("quantity_sub", QUANTITY, QUANTITY, QUANTITY),
            CelOverloadDecl.newMemberOverload("quantity_sub_int", QUANTITY, QUANTITY, SimpleType.INT)),
        fn("format.named", CelOverloadDecl.newGlobalOverload("format_named", OptionalType.create(FORMAT),
            SimpleType.STRING)),
        fn("validate", CelOverloadDecl.newMemberOverload("format_validate",
            OptionalType.create(ListType.create(SimpleType.STRING)), FORMAT, SimpleType.STRING)));
    for (String name : FORMATS.keySet()) {
      b.addFunctionDeclarations(fn("format." + name, CelOverloadDecl.newGlobalOverload("format_" + name, FORMAT)));
      NamedFormat f = FORMATS.get(name);
      b.addFunctionBindings(CelFunctionBinding.from("format_" + name, List.of(), args -> f));
    }
    b.addFunctionBindings(
        CelFunctionBinding.from("string_to_url", String.class, KubeFunctions::url),
        CelFunctionBinding.from("is_url_string", String.class, s -> parseUrl(s) != null),
        CelFunctionBinding.from("url_get_scheme", Url.class, u -> nz(u.uri().getScheme())),
        CelFunctionBinding.from("url_get_host", Url.class, u -> nz(u.uri().getRawAuthority()).replaceFirst("^.*@", "")),
        CelFunctionBinding.from("url_get_hostname", Url.class, u -> hostname(u.uri())),
        CelFunctionBinding.from("url_get_port", Url.class, u -> u.uri().getPort() < 0 ? "" : "" + u.uri().getPort()),
        CelFunctionBinding.from("url_get_escaped_path", Url.class, u -> nz(u.uri().getRawPath())),
        CelFunctionBinding.from("url_get_query", Url.class, u -> query(u.uri().getRawQuery())),
        CelFunctionBinding.from("string_to_quantity", String.class, KubeFunctions::quantity),
        CelFunctionBinding.from("is_quantity_string", String.class, s -> {
          try {
            Quantity.parse(s);
            return true;
          } catch (IllegalArgumentException e) {
            return false;
          }
        }),
        CelFunctionBinding.from("quantity_sign", Quantity.class, q -> (long) q.signum()),
        CelFunctionBinding.from("quantity_is_integer", Quantity.class, q -> q.isInteger() && fitsLong(q.value())),
        CelFunctionBinding.from("quantity_as_integer", Quantity.class, q -> {
          if (!q.isInteger() || !fitsLong(q.value())) {
            throw new CelEvaluationException("cannot convert value to integer");
          }
          return q.value().longValueExact();
        }),
        CelFunctionBinding.from("quantity_as_approximate_float", Quantity.class, q -> q.value().doubleValue()),
        CelFunctionBinding.from("quantity_is_greater_than", Quantity.class, Quantity.class, (a, c) -> a.compareTo(c) > 0),
        CelFunctionBinding.from("quantity_is_less_than", Quantity.class, Quantity.class, (a, c) -> a.compareTo(c) < 0),
        CelFunctionBinding.from("quantity_compare_to", Quantity.class, Quantity.class,
            (a, c) -> (long) Integer.signum(a.compareTo(c))),
        CelFunctionBinding.from("quantity_add", Quantity.class, Quantity.class,
            (a, c) -> Quantity.parse(a.value().add(c.value()).toPlainString())),
        CelFunctionBinding.from("quantity_add_int", Quantity.class, Long.class,
            (a, c) -> Quantity.parse(a.value().add(BigDecimal.valueOf(c)).toPlainString())),
        CelFunctionBinding.from("quantity_sub", Quantity.class, Quantity.class,
            (a, c) -> Quantity.parse(a.value().subtract(c.value()).toPlainString())),
        CelFunctionBinding.from("quantity_sub_int", Quantity.class, Long.class,
            (a, c) -> Quantity.parse(a.value().subtract(BigDecimal.valueOf(c)).toPlainString())),
        CelFunctionBinding.from("format_named", String.class, n -> Optional.ofNullable(FORMATS.get(n))),
        CelFunctionBinding.from("format_validate", NamedFormat.class, String.class, (f, s) -> {
          List<String> errs = f.check().apply(s);
          return errs.isEmpty() ? Optional.empty() : Optional.of(errs);
        }));
  }

  private static CelFunctionDecl fn(String name, CelOverloadDecl... overloads) {
    return CelFunctionDecl.newFunctionDeclaration(name, overloads);
  }

  private static void format(String name, Function<String, List<String>> check) {
    FORMATS.put(name, new NamedFormat(name, check));
  }

  private static List<String> dns1035Label(String s) {
    List<String> errs = new ArrayList<>();
    if (s.length() > NameRules.LABEL_MAX) {
      errs.add("must be no more than 63 characters");
    }
    if (!DNS1035.matcher(s).matches()) {
      errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
          + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used "
          + "for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }
    return errs;
  }

  /** A prefix for generated names may end in a dash; upstream checks it as if the dash were a letter. */
  private static String maskTrailingDash(String s) {
    return s.endsWith("-") ? s.substring(0, s.length() - 1) + "a" : s;
  }

  private static boolean parses(String s, Function<String, ?> parser) {
    try {
      parser.apply(s);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Quantity quantity(String s) throws CelEvaluationException {
    try {
      return Quantity.parse(s);
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException(e.getMessage());
    }
  }

  private static boolean fitsLong(BigDecimal v) {
    return v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 && v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0;
  }

  /** Upstream accepts absolute URIs and absolute paths (Go's url.ParseRequestURI); null otherwise. */
  private static URI parseUrl(String s) {
    try {
      URI u = new URI(s);
      if (u.isAbsolute() || (u.getRawPath() != null && u.getRawPath().startsWith("/"))) {
        return u;
      }
      return null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static Url url(String s) throws CelEvaluationException {
    URI u = parseUrl(s);
    if (u == null) {
      throw new CelEvaluationException("URL parse error during conversion from string: parse \"" + s
          + "\": invalid URI for request");
    }
    return new Url(u);
  }

  private static String hostname(URI u) {
    String host = nz(u.getHost());
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
