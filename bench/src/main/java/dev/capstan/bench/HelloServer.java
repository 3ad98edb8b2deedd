package dev.capstan.bench;

import dev.capstan.api.Decision;
import dev.capstan.server.authn.X509Authenticator;
import dev.capstan.server.http.ApiHttpServer;
import dev.capstan.server.http.Route;
import dev.capstan.server.pki.ClusterPki;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * B-hello: Capstan's own HTTP front ({@link ApiHttpServer}: the same Javalin, Jetty, TLS connector, client
 * certificate authentication and thread pool) with two routes instead of the API. {@code GET /hello} answers a
 * fixed JSON body of a given size; {@code GET /stream} writes watch-shaped event lines at a fixed rate, flushing
 * each as a watch does, each carrying the same sequence marker the watch scenario reads.
 *
 * <p>Arguments: port, PKI directory (Capstan's, so the admin kubeconfig works), body bytes, event line bytes.
 */
public final class HelloServer {
  private HelloServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Clock clock = Clock.systemUTC();
    ClusterPki pki = ClusterPki.loadOrCreate(Path.of(args[1]), List.of("127.0.0.1", "localhost"), clock);
    int bodyBytes = Integer.parseInt(args[2]);
    // Bodies by size (?bytes=N; args[2] without it), made once each: the bench asks for one size per run.
    java.util.Map<Integer, byte[]> bodies = new java.util.concurrent.ConcurrentHashMap<>();
    int eventBytes = Integer.parseInt(args[3]);
    ApiHttpServer server = new ApiHttpServer(new ApiHttpServer.Settings("127.0.0.1", port, 0, 1_000), pki,
        new X509Authenticator(pki.caCertificate(), clock), attrs -> Decision.allow("bench"), List.of(
            Route.get("/hello", ctx -> {
              String bytes = ctx.queryParam("bytes");
              ctx.contentType("application/json");
              ctx.result(bodies.computeIfAbsent(bytes == null ? bodyBytes : Integer.parseInt(bytes),
                  HelloServer::fixedJson));
            }),
            Route.get("/stream", ctx -> {
              int rate = Integer.parseInt(ctx.queryParam("rate"));
              double seconds = Double.parseDouble(ctx.queryParam("seconds"));
              String bytes = ctx.queryParam("bytes");
              int lineBytes = bytes == null ? eventBytes : Integer.parseInt(bytes);
              ctx.contentType("application/json");
              ctx.status(200);
              OutputStream out = ctx.res().getOutputStream();
              out.flush();
              long start = System.nanoTime();
              long events = (long) (rate * seconds);
              for (long i = 1; i <= events; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                }
                out.write(event(i, lineBytes));
                out.flush();
              }
            })));
    server.start();
    System.out.println("HELLO-READY " + server.port());
  }

  /** A JSON document of exactly {@code size} bytes. */
  static byte[] fixedJson(int size) {
    String head = "{\"kind\":\"Hello\",\"apiVersion\":\"v1\",\"data\":\"";
    return (head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** One watch-shaped line of {@code size} bytes carrying sequence {@code seq} and the send time. */
  static byte[] event(long seq, int size) {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    String head = "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"resourceVersion\":\"" + seq
        + "\"},\"data\":{\"bseq\":\"0:" + seq + ":" + micros + "\",\"payload\":\"";
    String tail = "\"}}}\n";
    return (head + "x".repeat(Math.max(0, size - head.length() - tail.length())) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }
}
