package dev.capstan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Watch fan-out without decoding: each stream is scanned byte by byte for the object's resourceVersion and a
 * {@code "bseq":"object:seq:sentMicros"} marker the writers put into the object. Per object the sequence must
 * go up by exactly one from event to event (a lost, repeated or reordered event breaks that), resourceVersions
 * must rise, and an order-insensitive digest of every (object, seq) must equal the writers' digest of their
 * acknowledged updates.
 */
final class WatchStreams {
  private WatchStreams() {}

  static long mix(long object, long seq) {
    long z = object * 0x9E3779B97F4A7C15L + seq;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** One watch stream's reader. */
  static final class Scanner implements Flow.Subscriber<List<ByteBuffer>> {
    private static final byte[] RV = "\"resourceVersion\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEQ = "\"bseq\":\"".getBytes(StandardCharsets.UTF_8);
    private final long[] lastSeq;
    final Load.Latencies latencyMicros = new Load.Latencies();
    final CountDownLatch headers = new CountDownLatch(1);
    volatile int status;
    volatile long events;
    volatile long bytes;
    volatile long digest;
    volatile long misordered;
    volatile boolean ended;
    volatile Throwable error;
    private volatile Flow.Subscription subscription;
    private int state;
    private int matched;
    private long rv;
    private long lastRv;
    private final long[] fields = new long[3];
    private int field;

    Scanner(int objects) {
      lastSeq = new long[objects];
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      long n = 0;
      for (ByteBuffer b : buffers) {
        n += b.remaining();
        if (b.hasArray()) {
          scan(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        } else {
          byte[] copy = new byte[b.remaining()];
          b.duplicate().get(copy);
          scan(copy, 0, copy.length);
        }
        b.position(b.limit());
      }
      bytes += n;
    }

    /**
     * The load generator must outrun the servers it measures: most of a line is skipped by a plain search for
     * its end, and only the two markers go through the state machine.
     */
    private void scan(byte[] a, int from, int to) {
      int i = from;
      while (i < to) {
        if (state == 4) {
          while (i < to && a[i] != '\n') {
            i++;
          }
          if (i == to) {
            return;
          }
        }
        feed(a[i++]);
      }
    }

    private void feed(byte c) {
      if (c == '\n') {
        events++;
        state = 0;
        matched = 0;
        return;
      }
      switch (state) {
        case 0, 2 -> {
          byte[] pattern = state == 0 ? RV : SEQ;
          if (c == pattern[matched]) {
            if (++matched == pattern.length) {
              matched = 0;
              state++;
              rv = 0;
              field = 0;
              fields[0] = fields[1] = fields[2] = 0;
            }
          } else {
            matched = c == pattern[0] ? 1 : 0;
          }
        }
        case 1 -> {
          if (c == '"') {
            if (rv <= lastRv) {
              misordered++;
            }
            lastRv = rv;
            state = 2;
          } else {
            rv = rv * 10 + (c - '0');
          }
        }
        case 3 -> {
          if (c == ':') {
            field = Math.min(2, field + 1);
          } else if (c == '"') {
            event((int) fields[0], fields[1], fields[2]);
            state = 4;
          } else {
            fields[field] = fields[field] * 10 + (c - '0');
          }
        }
        default -> {
          // the rest of the line
        }
      }
    }

    private void event(int object, long seq, long sentMicros) {
      if (object < 0 || object >= lastSeq.length || seq != lastSeq[object] + 1) {
        misordered++;
      }
      if (object >= 0 && object < lastSeq.length) {
        lastSeq[object] = seq;
      }
      digest += mix(object, seq);
      latencyMicros.add(nowMicros() - sentMicros);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    /** Opens the stream; returns once the response headers arrived. */
    void open(HttpClient client, String url) throws InterruptedException {
      begin(client, url);
      awaitHeaders(url);
    }

    /** Sends the request and returns at once, so that many streams open side by side. */
    void begin(HttpClient client, String url) {
      CompletableFuture<?> f = client.sendAsync(HttpRequest.newBuilder(URI.create(url)).GET().build(), info -> {
        status = info.statusCode();
        headers.countDown();
        return HttpResponse.BodySubscribers.fromSubscriber(this);
      });
      f.whenComplete((r, e) -> {
        if (e != null) {
          error = e;
          ended = true;
        }
        headers.countDown();
      });
    }

    void awaitHeaders(String url) throws InterruptedException {
      if (!headers.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no response to " + url);
      }
      if (status != 200) {
        throw new IllegalStateException("watch answered " + status + (error == null ? "" : ": " + error));
      }
    }
  }

  /** The figures of one fan-out run. */
  record Result(int watchers, long expected, long minReceived, int watchersWithLoss, int closedEarly, long misordered,
      boolean digestsMatch, double deliveredPerSecond, double bytesPerSecond, double p50Ms, double p99Ms,
      double updatesPerSecond, long updateErrors, double stalledClosedMs, double stalledClosedAfterBlockedMs,
      boolean stallBlocked) {
    boolean lossless() {
      return watchersWithLoss == 0 && misordered == 0 && digestsMatch && expected > 0;
    }
  }

  /** Writes paced updates to {@code objects} ConfigMaps; each writer owns its objects, so per object they are serial. */
  static final class Writers {
    final AtomicLong acked = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong digest = new AtomicLong();
    private final long[] seq;

    Writers(int objects) {
      seq = new long[objects];
    }

    /** Runs {@code writers} threads for {@code seconds} at {@code rate} updates per second in all. */
    double run(HttpClient client, String collectionUrl, int writers, int rate, double seconds) throws Exception {
      int objects = seq.length;
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      for (int w = 0; w < writers; w++) {
        int writer = w;
        Thread t = new Thread(() -> {
          int mine = (objects - writer + writers - 1) / writers;
          for (long i = 0; ; i++) {
            long due = start + writer * 1_000_000_000L / rate + i * writers * 1_000_000_000L / rate;
            if (due >= end) {
              return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            int object = writer + (int) (i % mine) * writers;
            long s = ++seq[object];
            byte[] patch = ("{\"data\":{\"bseq\":\"" + object + ":" + s + ":" + nowMicros() + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
            try {
              Http.expect(client, Http.mergePatch(collectionUrl + "/o-" + object, patch), 200);
              acked.incrementAndGet();
              digest.addAndGet(mix(object, s));
            } catch (Exception e) {
              errors.incrementAndGet();
            }
          }
        }, "writer-" + w);
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      return acked.get() / ((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * One fan-out run against a Kubernetes API: {@code watchers} watches of the namespace from its current
   * resourceVersion, then {@code rate} updates/s for {@code seconds}; then waits for the streams to drain.
   *
   * @param stalled when not null, a watcher that stops reading is opened first and its closing timed
   */
  static Result apiFanout(Http.Endpoint endpoint, HttpClient client, String apiBase, String namespace, int objects,
      int watchers, int rate, double seconds, int writerThreads, StalledWatcher.Factory stalled) throws Exception {
    // The watches get a connection of their own, dropped after the run: cancelling many streams at once makes
    // Jetty's HTTP/2 rapid-reset guard end the whole connection (ENHANCE_YOUR_CALM), which would take the
    // writers' requests with it.
    HttpClient watchClient = endpoint.client(HttpClient.Version.HTTP_2);
    String collection = apiBase + "/api/v1/namespaces/" + namespace + "/configmaps";
    String rv = Http.resourceVersion(Http.expect(client, Http.get(collection + "?limit=1"), 200));
    List<Scanner> scanners = new ArrayList<>();
    StalledWatcher stall = null;
    try {
      if (stalled != null) {
        stall = stalled.open("/api/v1/namespaces/" + namespace + "/configmaps?watch=1&resourceVersion=" + rv);
      }
      String watchUrl = collection + "?watch=1&resourceVersion=" + rv;
      for (int i = 0; i < watchers; i++) {
        Scanner s = new Scanner(objects);
        s.begin(watchClient, watchUrl);
        if (i == 0) {
          s.awaitHeaders(watchUrl); // the rest then share its HTTP/2 connection instead of each opening one
        }
        scanners.add(s);
      }
      for (Scanner s : scanners) {
        s.awaitHeaders(watchUrl);
      }
      Writers writers = new Writers(objects);
      StalledWatcher probe = stall;
      long t0 = System.nanoTime();
      Thread watcherProbe = probe == null ? null : new Thread(probe::awaitServerClose, "stall-probe");
      if (watcherProbe != null) {
        watcherProbe.start();
      }
      double updates = writers.run(client, collection, writerThreads, rate, seconds);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      drain(scanners, writers.acked.get(), Duration.ofSeconds(30));
      if (watcherProbe != null) {
        watcherProbe.join();
      }
      return summarize(scanners, writers.acked.get(), writers.digest.get(), elapsed, updates, writers.errors.get(),
          probe == null ? Double.NaN : probe.closedAfterMs, probe == null ? Double.NaN : probe.closedAfterBlockedMs,
          probe != null && probe.serverBlocked());
    } finally {
      scanners.forEach(Scanner::cancel);
      if (stall != null) {
        stall.close();
      }
    }
  }

  /** The B-hello streaming variant: the same number of streams, each written {@code rate} lines/s by the server. */
  static Result helloFanout(HttpClient client, String base, int watchers, int rate, double seconds, int lineBytes)
      throws Exception {
    List<Scanner> scanners = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      String url = base + "/stream?rate=" + rate + "&seconds=" + seconds + "&bytes=" + lineBytes;
      for (int i = 0; i < watchers; i++) {
        Scanner s = new Scanner(1);
        s.begin(client, url);
        if (i == 0) {
          s.awaitHeaders(url);
        }
        scanners.add(s);
      }
      for (Scanner s : scanners) {
        s.awaitHeaders(url);
      }
      long expected = (long) (rate * seconds);
      long digest = 0;
      for (long s = 1; s <= expected; s++) {
        digest += mix(0, s);
      }
      drain(scanners, expected, Duration.ofSeconds((long) seconds + 15));
      double elapsed = (System.nanoTime() - t0) / 1e9;
      return summarize(scanners, expected, digest, Math.max(seconds, elapsed), rate, 0, Double.NaN, Double.NaN, false);
    } finally {
      scanners.forEach(Scanner::cancel);
    }
  }

  private static void drain(List<Scanner> scanners, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (scanners.stream().allMatch(s -> s.events >= expected || s.ended)) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static Result summarize(List<Scanner> scanners, long expected, long digest, double seconds,
      double updatesPerSecond, long updateErrors, double stalledClosedMs, double stalledClosedAfterBlockedMs,
      boolean stallBlocked) {
    long min = Long.MAX_VALUE;
    int lossy = 0;
    int closedEarly = 0;
    long misordered = 0;
    boolean digests = true;
    long events = 0;
    long bytes = 0;
    Load.Latencies all = new Load.Latencies();
    for (Scanner s : scanners) {
      min = Math.min(min, s.events);
      if (s.events < expected) {
        lossy++;
        if (s.ended) {
          closedEarly++;
        }
      }
      misordered += s.misordered;
      digests &= s.digest == digest;
      events += s.events;
      bytes += s.bytes;
      all.addAll(s.latencyMicros);
    }
    long[] sorted = all.sorted();
    return new Result(scanners.size(), expected, scanners.isEmpty() ? 0 : min, lossy, closedEarly, misordered, digests,
        events / seconds, bytes / seconds, Load.percentile(sorted, 0.5) / 1e3, Load.percentile(sorted, 0.99) / 1e3,
        updatesPerSecond, updateErrors, stalledClosedMs, stalledClosedAfterBlockedMs, stallBlocked);
  }

  /**
   * A watcher that reads the response headers and then nothing more, over its own HTTP/1.1 connection with a
   * small receive buffer. Whether the server has closed it is read from the server side of the connection in
   * {@code /proc/net/tcp}: once the server closes, its socket leaves ESTABLISHED even though the unread bytes
   * keep our side from seeing the close.
   */
  static final class StalledWatcher implements AutoCloseable {
    @FunctionalInterface
    interface Factory {
      StalledWatcher open(String pathAndQuery) throws IOException;
    }

    private final SSLSocket socket;
    private final int serverPort;
    private final long stoppedReading;
    volatile double closedAfterMs = Double.NaN;
    volatile double closedAfterBlockedMs = Double.NaN;
    private volatile long blockedAt;
    private final Duration patience;

    StalledWatcher(SSLContext tls, int serverPort, String pathAndQuery, Duration patience) throws IOException {
      this.serverPort = serverPort;
      this.patience = patience;
      socket = (SSLSocket) tls.getSocketFactory().createSocket();
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", serverPort), 10_000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("the stalled watcher's connection closed before its headers");
        }
        head.append((char) c);
      }
      if (!head.toString().startsWith("HTTP/1.1 200")) {
        throw new IOException("the stalled watch was answered " + head.toString().lines().findFirst().orElse(""));
      }
      stoppedReading = System.nanoTime();
    }

    /**
     * Polls the server side of the connection until it is closed or patience runs out. The server's writes
     * block only once the kernel buffers between us are full, seconds after we stopped reading; that moment is
     * taken as the first time the server socket's send queue stays non-empty and unchanged for 50 ms while
     * events keep flowing to the other watchers.
     */
    void awaitServerClose() {
      long deadline = stoppedReading + patience.toNanos();
      boolean extended = false;
      long lastTx = -1;
      long unchangedSince = 0;
      while (System.nanoTime() < deadline) {
        long tx = serverSendQueue();
        long now = System.nanoTime();
        if (tx < 0) {
          closedAfterMs = (now - stoppedReading) / 1e6;
          if (blockedAt > 0) {
            closedAfterBlockedMs = (now - blockedAt) / 1e6;
          }
          return;
        }
        if (tx != lastTx) {
          lastTx = tx;
          unchangedSince = now;
        } else if (tx > 0 && blockedAt == 0 && now - unchangedSince >= 50_000_000L) {
          blockedAt = unchangedSince;
        }
        if (blockedAt > 0 && !extended) {
          // From here the server's own timers decide; give them the same patience again.
          deadline = Math.max(deadline, blockedAt + patience.toNanos());
          extended = true;
        }
        LockSupport.parkNanos(5_000_000);
      }
    }

    /** The server socket's send queue in bytes; -1 once it has left ESTABLISHED (closed by the server). */
    private long serverSendQueue() {
      String local = String.format("%04X", serverPort);
      String remote = String.format("%04X", socket.getLocalPort());
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        try {
          for (String line : Files.readAllLines(Path.of(table))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 4 && f[1].endsWith(":" + local) && f[2].endsWith(":" + remote)) {
              return f[3].equals("01") ? Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16) : -1;
            }
          }
        } catch (IOException e) {
          return 0;
        }
      }
      return -1;
    }

    boolean serverBlocked() {
      return blockedAt > 0;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // gone already
      }
    }
  }
}
