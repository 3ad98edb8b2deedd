package dev.capstan.server.openapi;

import dev.capstan.api.ApiException;
import dev.capstan.server.http.Route;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.schema.SchemaModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code /openapi/v2} and {@code /openapi/v3} as kube-apiserver does (kube-openapi's handler and handler3):
 * a v3 index naming each group version's document with the SHA-512 of its JSON as {@code hash}, documents
 * answered {@code Cache-Control: public, immutable} when asked by their current hash and redirected (301) to it
 * when asked by a stale one, ETags and {@code If-None-Match}/{@code If-Modified-Since} as Go's
 * {@code http.ServeContent} handles them, and v2 as JSON or as gnostic protobuf by {@code Accept}.
 *
 * <p>Documents are built on first request and kept until {@link #invalidate}; thread-safe.
 */
public final class OpenApiService {
  /** The v2 protobuf media type kubectl 1.27/1.28 ask for, and the one upstream answers with. */
  public static final String V2_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  public static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  private static final String JSON = "application/json";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  /** Go's http.TimeFormat, which Last-Modified and If-Modified-Since use. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** Go's time.RFC1123 in UTC, which upstream's Expires uses. */
  private static final DateTimeFormatter RFC1123_UTC =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Supplier<List<ResourceDefinition>> resources;
  private final SchemaModel model;
  private final Predicate<ResourceDefinition> strategicMerge;
  private final String version;
  private final Clock clock;
  private volatile Generation current;

  /**
   * @param resources the served resources, read again after each {@link #invalidate}
   * @param strategicMerge the resources whose PATCH accepts strategic merge patches (built-ins)
   * @param version the Kubernetes version the documents name, e.g. {@code v1.33.0}
   */
  public OpenApiService(Supplier<List<ResourceDefinition>> resources, SchemaModel model,
      Predicate<ResourceDefinition> strategicMerge, String version, Clock clock) {
    this.resources = Objects.requireNonNull(resources);
    this.model = Objects.requireNonNull(model);
    this.strategicMerge = Objects.requireNonNull(strategicMerge);
    this.version = Objects.requireNonNull(version);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Drops the built documents; the next request builds them from the resources and schemas of that moment. */
  public void invalidate() {
    current = null;
  }

  /** The routes of {@code /openapi/v2}, {@code /openapi/v3} and {@code /openapi/v3/<group version>}. */
  public List<Route> routes() {
    return List.of(
        Route.get("/openapi/v2", ctx -> write(ctx, v2(ctx.header("Accept"), conditions(ctx)))),
        Route.get("/openapi/v3", ctx -> write(ctx, v3Index(conditions(ctx)))),
        Route.get("/openapi/v3/<gv>", ctx -> write(ctx, v3(ctx.pathParam("gv"), ctx.header("Accept"),
            ctx.queryParam("hash"), conditions(ctx)))));
  }

  /** What an answer is: status, headers and body. */
  record Reply(int status, Map<String, String> headers, byte[] body) {}

  /** The conditional request headers. */
  record Conditions(String ifNoneMatch, String ifModifiedSince) {
    static final Conditions NONE = new Conditions(null, null);
  }

  Reply v3Index(Conditions conditions) {
    Generation g = generation();
    Rendered index = g.index();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Etag", quote(index.etag()));
    headers.put("Content-Type", JSON);
    return serve(headers, index, conditions);
  }

  Reply v3(String groupVersion, String accept, String hash, Conditions conditions) {
    Generation g = generation();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Vary", "Accept");
    if (!g.documents.groupVersions().contains(groupVersion)) {
      throw ApiException.pathNotFound();
    }
    // v3 protobuf is not served: a client that takes only that is not acceptable, as upstream answers any type
    // it does not have.
    if (negotiate(accept, List.of(JSON)) == null) {
      return new Reply(406, headers, new byte[0]);
    }
    Rendered doc = g.v3(groupVersion);
    headers.put("Content-Type", JSON);
    headers.put("Etag", quote(doc.etag()));
    if (hash != null && !hash.isEmpty()) {
      if (!hash.equals(doc.etag())) {
        headers.put("Location", serverRelativeUrl(groupVersion, doc.etag()));
        return new Reply(301, headers, new byte[0]);
      }
      headers.put("Cache-Control", "public, immutable");
      headers.put("Expires", RFC1123_UTC.format(clock.instant().atZone(ZoneOffset.UTC).plusYears(1)));
    }
    return serve(headers, doc, conditions);
  }

  Reply v2(String accept, Conditions conditions) {
    Generation g = generation();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Vary", "Accept");
    String type = negotiate(accept, List.of(JSON, V2_PROTOBUF_DEPRECATED, V2_PROTOBUF));
    if (type == null) {
      return new Reply(406, headers, new byte[0]);
    }
    Rendered json = g.v2Json();
    Rendered doc = type.equals(JSON) ? json : g.v2Protobuf();
    headers.put("Content-Type", type.equals(JSON) ? JSON : V2_PROTOBUF);
    headers.put("Etag", quote(json.etag()));
    return serve(headers, doc, conditions);
  }

  /** {@code /openapi/v3/apis/apps/v1?hash=<hash>}. */
  static String serverRelativeUrl(String groupVersion, String hash) {
    return "/openapi/v3/" + groupVersion + "?hash=" + hash;
  }

  /** Go's ServeContent: 304 when the client's copy is current, else the body with its Last-Modified. */
  private static Reply serve(Map<String, String> headers, Rendered doc, Conditions c) {
    boolean notModified;
    if (c.ifNoneMatch() != null) {
      notModified = etagMatches(c.ifNoneMatch(), headers.get("Etag"));
    } else {
      notModified = c.ifModifiedSince() != null && !modifiedSince(doc.lastModified(), c.ifModifiedSince());
    }
    if (notModified) {
      headers.remove("Content-Type");
      return new Reply(304, headers, new byte[0]);
    }
    headers.put("Last-Modified", HTTP_DATE.format(doc.lastModified()));
    return new Reply(200, headers, doc.bytes());
  }

  private static boolean etagMatches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String t = candidate.trim();
      if (t.equals("*") || strip(t).equals(strip(etag))) {
        return true;
      }
    }
    return false;
  }

  private static String strip(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }

  private static boolean modifiedSince(Instant lastModified, String header) {
    try {
      Instant since = ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  /**
   * The first of {@code offered} the Accept header takes, going through its clauses by preference (quality, then
   * exact types before wildcards), as goautoneg orders them; null when none. A missing header takes anything.
   */
  static String negotiate(String accept, List<String> offered) {
    String header = accept == null || accept.isBlank() ? "*/*" : accept;
    record Clause(String type, String subtype, double q, int order) {}
    List<Clause> clauses = new ArrayList<>();
    String[] parts = header.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].trim().split(";");
      String mediaRange = params[0].trim();
      double q = 1;
      for (int j = 1; j < params.length; j++) {
        String p = params[j].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      int slash = mediaRange.indexOf('/');
      String type = slash < 0 ? mediaRange : mediaRange.substring(0, slash);
      String subtype = slash < 0 ? "*" : mediaRange.substring(slash + 1);
      if (q > 0 && !type.isEmpty()) {
        clauses.add(new Clause(type, subtype, q, i));
      }
    }
    clauses.sort(java.util.Comparator.comparingDouble((Clause c) -> -c.q())
        .thenComparingInt(c -> c.type().equals("*") ? 2 : c.subtype().equals("*") ? 1 : 0)
        .thenComparingInt(Clause::order));
    for (Clause c : clauses) {
      for (String o : offered) {
        int slash = o.indexOf('/');
        boolean typeOk = c.type().equals("*") || c.type().equals(o.substring(0, slash));
        boolean subOk = c.subtype().equals("*") || c.subtype().equals(o.substring(slash + 1));
        if (typeOk && subOk) {
          return o;
        }
      }
    }
    return null;
  }

  private Generation generation() {
    Generation g = current;
    if (g == null) {
      synchronized (this) {
        g = current;
        if (g == null) {
          g = new Generation(new Documents(resources.get(), model, strategicMerge, version), clock.instant());
          current = g;
        }
      }
    }
    return g;
  }

  private static Conditions conditions(io.javalin.http.Context ctx) {
    return new Conditions(ctx.header("If-None-Match"), ctx.header("If-Modified-Since"));
  }

  private static void write(io.javalin.http.Context ctx, Reply reply) {
    ctx.status(reply.status());
    reply.headers().forEach(ctx::header);
    if (reply.status() == 200) {
      ctx.result(reply.body());
    }
  }

  private static String quote(String etag) {
    return "\"" + etag + "\"";
  }

  /** Upper-case hex SHA-512 of the bytes, upstream's hash and ETag of a document. */
  static String hash(byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A document's bytes, hash and the time it was built. */
  record Rendered(byte[] bytes, String etag, Instant lastModified) {
    static Rendered of(byte[] bytes, Instant at) {
      return new Rendered(bytes, hash(bytes), at);
    }
  }

  /**
   * The documents of one set of resources, each serialized once on first use. Building documents walks the shared
   * {@link Definitions}, which is not thread-safe, hence the lock around it.
   */
  private static final class Generation {
    private final Documents documents;
    private final Instant builtAt;
    private final Map<String, Rendered> v3 = new ConcurrentHashMap<>();
    private volatile Rendered index;
    private volatile Rendered v2Json;
    private volatile Rendered v2Protobuf;

    Generation(Documents documents, Instant builtAt) {
      this.documents = documents;
      this.builtAt = builtAt;
    }

    Rendered v3(String groupVersion) {
      Rendered r = v3.get(groupVersion);
      if (r == null) {
        synchronized (this) {
          r = v3.computeIfAbsent(groupVersion, gv -> Rendered.of(
              MAPPER.writeValueAsBytes(documents.v3(gv)), builtAt));
        }
      }
      return r;
    }

    Rendered index() {
      Rendered r = index;
      if (r == null) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode paths = body.putObject("paths");
        Map<String, String> urls = new TreeMap<>();
        for (String gv : documents.groupVersions()) {
          urls.put(gv, serverRelativeUrl(gv, v3(gv).etag()));
        }
        urls.forEach((gv, url) -> paths.putObject(gv).put("serverRelativeURL", url));
        r = Rendered.of(MAPPER.writeValueAsBytes(body), builtAt);
        index = r;
      }
      return r;
    }

    synchronized Rendered v2Json() {
      if (v2Json == null) {
        v2Json = Rendered.of(MAPPER.writeValueAsBytes(documents.v2()), builtAt);
      }
      return v2Json;
    }

    synchronized Rendered v2Protobuf() {
      if (v2Protobuf == null) {
        byte[] pb = GnosticV2.encode(MAPPER.readTree(new String(v2Json().bytes(), StandardCharsets.UTF_8)));
        v2Protobuf = new Rendered(pb, v2Json().etag(), builtAt);
      }
      return v2Protobuf;
    }
  }
}
