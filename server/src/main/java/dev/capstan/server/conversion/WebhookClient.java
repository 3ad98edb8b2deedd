package dev.capstan.server.conversion;

import dev.capstan.api.ApiException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts one JSON document to a webhook and returns the JSON it answers, as kube-apiserver's webhook REST client
 * does: HTTP/1.1 only, {@code ?timeout=} on the URL, one bounded timeout for the whole exchange, and its error
 * texts (Go's {@code Post "<url>": ...} for transport failures, client-go's for a non-2xx or undecodable answer).
 */
final class WebhookClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * @param timeout the bound on one whole call; kube-apiserver gives CRD conversion webhooks 30 seconds
   * @param clock the time TLS certificates are checked against
   */
  record Settings(Duration timeout, Clock clock) {
    static final Settings UPSTREAM = new Settings(Duration.ofSeconds(30), Clock.systemUTC());

    Settings {
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(clock, "clock");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
    }
  }

  /** A call that failed; the message is what follows "conversion webhook for X failed: ". */
  static final class CallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CallFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient http;
  private final Settings settings;
  private final String query;
  private final String shownUrl;
  private final Endpoint endpoint;

  /** Where a call goes: computed per call, since a service's endpoints move. */
  @FunctionalInterface
  private interface Endpoint {
    /** @throws RuntimeException when it cannot be found; the message joins the call's error */
    URI resolve();
  }

  private WebhookClient(HttpClient http, Settings settings, String shownUrl, Endpoint endpoint) {
    this.http = http;
    this.settings = settings;
    this.query = "timeout=" + Go.duration(settings.timeout());
    this.shownUrl = shownUrl + "?" + query;
    this.endpoint = endpoint;
  }

  /**
   * A client for a CRD's {@code conversion.webhook.clientConfig}.
   *
   * @throws ApiException 500 InternalError when the client cannot be built, worded as kube-apiserver's
   */
  static WebhookClient create(JsonNode clientConfig, ServiceResolver services, Settings settings) {
    byte[] caBundle = caBundle(clientConfig.path("caBundle"));
    JsonNode service = clientConfig.path("service");
    String url = clientConfig.path("url").asString("");
    if (service.isObject()) {
      String name = service.path("name").asString("");
      String namespace = service.path("namespace").asString("");
      String path = service.path("path").asString("");
      int port = service.path("port").asInt(443);
      String serverName = name + "." + namespace + ".svc";
      Objects.requireNonNull(services, "a ServiceResolver is needed for a webhook service");
      HttpClient http = build(caBundle, serverName, true, settings);
      return new WebhookClient(http, settings, "https://" + serverName + ":" + port + path,
          () -> services.resolve(namespace, name, port, path));
    }
    if (url.isEmpty()) {
      throw ApiException.internal("webhook configuration must have either service or URL");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw ApiException.internal("Unparsable URL: parse " + Go.quote(url) + ": " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw ApiException.internal("Unparsable URL: " + Go.quote(url) + " has no host");
    }
    HttpClient http = build(caBundle, uri.getHost(), false, settings);
    String shown = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    return new WebhookClient(http, settings, shown, () -> uri);
  }

  private static byte[] caBundle(JsonNode node) {
    String b64 = node.asString("");
    if (b64.isEmpty()) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw ApiException.internal("unable to load root certificates: caBundle is not base64: " + e.getMessage());
    }
  }

  private static HttpClient build(byte[] caBundle, String tlsHost, boolean sendServerName, Settings settings) {
    SSLContext tls;
    try {
      tls = WebhookTls.context(caBundle, tlsHost, settings.clock());
    } catch (WebhookTls.BadBundle e) {
      throw ApiException.internal(e.getMessage());
    }
    SSLParameters params = tls.getDefaultSSLParameters();
    if (sendServerName && WebhookTls.Hostnames.ipLiteral(tlsHost) == null) {
      // The JDK names the host it dials; for a service it dials an endpoint address, so say the service's name.
      params.setServerNames(List.of(new SNIHostName(tlsHost)));
    }
    return HttpClient.newBuilder()
        // kube-apiserver pins webhooks to HTTP/1.1 so that concurrent calls spread over a service's endpoints.
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .sslParameters(params)
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Posts {@code body} and returns the decoded JSON answer of a 2xx response. */
  JsonNode post(byte[] body) throws CallFailure {
    URI base;
    try {
      base = endpoint.resolve();
    } catch (RuntimeException e) {
      // Where Go's dialer asks the service resolver, and fails the same way.
      throw transport(String.valueOf(e.getMessage()));
    }
    URI target = withQuery(base);
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, */*")
        .header("User-Agent", "kube-apiserver-admission")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = call.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw transport("context deadline exceeded");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw transport("context canceled");
    } catch (ExecutionException e) {
      throw transport(describe(e.getCause(), base));
    }
    return decode(response);
  }

  private URI withQuery(URI base) throws CallFailure {
    String raw = base.getRawQuery();
    try {
      return new URI(base.getScheme() + "://" + base.getRawAuthority() + (base.getRawPath() == null ? ""
          : base.getRawPath()) + "?" + (raw == null || raw.isEmpty() ? query : raw + "&" + query));
    } catch (java.net.URISyntaxException e) {
      throw transport(e.getMessage());
    }
  }

  private CallFailure transport(String why) {
    return new CallFailure("Post " + Go.quote(shownUrl) + ": " + why);
  }

  /** Go's words for what went wrong under HTTP: dialing, TLS, or the connection closing early. */
  private static String describe(Throwable t, URI target) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof WebhookTls.VerificationFailure v) {
        return "tls: failed to verify certificate: " + v.getMessage();
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.http.HttpTimeoutException) {
        return "context deadline exceeded";
      }
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
        return "dial tcp: lookup " + target.getHost() + ": no such host";
      }
      if (c instanceof ConnectException) {
        return "dial tcp " + dialAddress(target) + ": connect: connection refused";
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException s) {
        String m = String.valueOf(s.getMessage());
        if (m.contains("plaintext") || m.contains("Unsupported or unrecognized SSL message")) {
          return "http: server gave HTTP response to HTTPS client";
        }
        return "remote error: tls: " + m.toLowerCase(Locale.ROOT);
      }
    }
    String m = String.valueOf(t.getMessage());
    if (m.contains("received no bytes") || m.contains("closed") || m.contains("EOF")) {
      return "EOF";
    }
    if (m.toLowerCase(Locale.ROOT).contains("connection reset")) {
      return "read: connection reset by peer";
    }
    return m;
  }

  /** The host:port Go names when a dial fails: the address, since Go resolves before it dials. */
  private static String dialAddress(URI target) {
    String host = target.getHost();
    int port = target.getPort() >= 0 ? target.getPort() : "http".equals(target.getScheme()) ? 80 : 443;
    InetAddress ip = WebhookTls.Hostnames.ipLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1)
        : host);
    String shown = host;
    if (ip != null) {
      shown = WebhookTls.Hostnames.goIp(ip);
    } else {
      try {
        shown = WebhookTls.Hostnames.goIp(InetAddress.getByName(host));
      } catch (UnknownHostException e) {
        shown = host;
      }
    }
    return (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port;
  }

  /** client-go's handling of the answer: only 200..206 is success, and then the body must be JSON. */
  private JsonNode decode(HttpResponse<byte[]> response) throws CallFailure {
    int code = response.statusCode();
    byte[] body = response.body() == null ? new byte[0] : response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse("application/json");
    if (code < 200 || code > 206) {
      throw new CallFailure(statusError(code, body, response.headers().firstValue("Content-Type").orElse("")));
    }
    if (body.length == 0) {
      throw new CallFailure("0-length response with status code: " + code + " and content type: " + contentType);
    }
    try {
      JsonNode answer = JSON.readTree(body);
      if (answer == null || answer.isMissingNode()) {
        throw new CallFailure("couldn't get version/kind; json parse error: unexpected end of JSON input");
      }
      return answer;
    } catch (JacksonException e) {
      throw new CallFailure("couldn't get version/kind; json parse error: " + e.getOriginalMessage());
    }
  }

  /**
   * The error for a non-2xx answer: the message of a failed {@code Status} in the body, else client-go's generic
   * text for the code (with the body itself when it is text and the code is a 5xx).
   */
  static String statusError(int code, byte[] body, String contentType) {
    if (body.length > 0) {
      try {
        JsonNode status = JSON.readTree(body);
        String apiVersion = status.path("apiVersion").asString("v1");
        if (status.isObject() && "Status".equals(status.path("kind").asString(""))
            && (apiVersion.isEmpty() || "v1".equals(apiVersion))
            && "Failure".equals(status.path("status").asString(""))) {
          return status.path("message").asString("");
        }
      } catch (JacksonException e) {
        // Not a Status: fall through to the generic message, as client-go does.
      }
    }
    String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    boolean text = contentType.isEmpty() || media.startsWith("text/");
    String serverMessage = text ? new String(body, 0, Math.min(body.length, 2048),
        java.nio.charset.StandardCharsets.UTF_8).strip() : "unknown";
    return switch (code) {
      case 409 -> "the server reported a conflict";
      case 404 -> "the server could not find the requested resource";
      case 400 -> "the server rejected our request for an unknown reason";
      case 401 -> "the server has asked for the client to provide credentials";
      case 403, 415 -> serverMessage;
      case 406 -> serverMessage.isEmpty() || serverMessage.equals("unknown")
          ? "the server was unable to respond with a content type that the client supports" : serverMessage;
      case 405 -> "the server does not allow this method on the requested resource";
      case 422 -> "the server rejected our request due to an error in our request";
      case 503 -> "the server is currently unable to handle the request";
      case 504 -> "the server was unable to return a response in the time allotted, but may still be processing "
          + "the request";
      case 429 -> "the server has received too many requests and has asked us to try again later";
      default -> code >= 500
          ? "an error on the server (" + Go.quote(serverMessage) + ") has prevented the request from succeeding"
          : "the server responded with the status code " + code + " but did not return more information";
    };
  }

}
