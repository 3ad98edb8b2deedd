package dev.capstan.server.cli;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.Page;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code capstan storage}: direct access to a data directory's store while no server runs, like
 * {@code etcdctl}: a write load generator that reports acknowledged writes per second, and a key listing.
 */
@Command(name = "storage", mixinStandardHelpOptions = true, description = "Inspect or load a store directly.",
    subcommands = {StorageCommand.Load.class, StorageCommand.Keys.class})
public final class StorageCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @FunctionalInterface
  interface StoreBody {
    int run(KvStore store) throws Exception;
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Create keys from concurrent writers; print acknowledged writes per second and latency.")
  static final class Load implements Callable<Integer> {
    @Mixin
    StoreOptions target = new StoreOptions();

    @Option(names = "--writers", defaultValue = "1", description = "Concurrent writers (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--count", defaultValue = "2000", description = "Writes in all, unless --seconds is given (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seconds", defaultValue = "0", description = "Write for this long instead of --count.")
    double seconds;

    @Option(names = "--value-bytes", defaultValue = "1024", description = "Size of each value (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--prefix", description = "Key prefix (default: /registry/load/<start time>/).")
    String prefix;

    @Option(names = "--print-acked", description = "Print each key once its write is acknowledged.")
    boolean printAcked;

    @Override
    public Integer call() throws Exception {
      if (writers < 1 || count < 1 || valueBytes < 0) {
        System.err.println("capstan: --writers and --count must be positive, --value-bytes not negative");
        return 2;
      }
      String keyPrefix = prefix != null ? prefix : "/registry/load/" + System.currentTimeMillis() + "/";
      PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
      return target.with(store -> run(store, keyPrefix, out));
    }

    private int run(KvStore store, String keyPrefix, PrintStream out) throws InterruptedException {
      byte[] value = new byte[valueBytes];
      Arrays.fill(value, (byte) 'x');
      long[][] latencies = new long[writers][];
      int[] done = new int[writers];
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch finished = new CountDownLatch(writers);
      long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
      int perWriter = seconds > 0 ? Integer.MAX_VALUE : Math.max(1, count / writers);
      long start = System.nanoTime();
      for (int w = 0; w < writers; w++) {
        int id = w;
        latencies[w] = new long[seconds > 0 ? 1 << 20 : perWriter];
        Thread t = new Thread(() -> {
          try {
            for (int i = 0; i < perWriter && !stop.get() && System.nanoTime() < deadline; i++) {
              String key = keyPrefix + id + "-" + i;
              long t0 = System.nanoTime();
              store.create(key, value);
              long t1 = System.nanoTime();
              if (i < latencies[id].length) {
                latencies[id][i] = t1 - t0;
              }
              done[id] = i + 1;
              if (printAcked) {
                out.println(key);
              }
            }
          } catch (RuntimeException e) {
            stop.set(true);
            System.err.println("capstan: write failed: " + e.getMessage());
          } finally {
            finished.countDown();
          }
        }, "load-" + w);
        t.start();
      }
      finished.await();
      double elapsed = (System.nanoTime() - start) / 1e9;
      List<Long> all = new ArrayList<>();
      int total = 0;
      for (int w = 0; w < writers; w++) {
        total += done[w];
        for (int i = 0; i < Math.min(done[w], latencies[w].length); i++) {
          all.add(latencies[w][i]);
        }
      }
      all.sort(null);
      System.err.printf("storage=%s writers=%d writes=%d seconds=%.2f writes/s=%.0f p50=%.2fms p99=%.2fms%n",
          target.storage.name().toLowerCase(java.util.Locale.ROOT), writers, total, elapsed, total / elapsed,
          percentile(all, 0.50), percentile(all, 0.99));
      return stop.get() ? 1 : 0;
    }

    private static double percentile(List<Long> sorted, double q) {
      return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, q * sorted.size())) / 1e6;
    }
  }

  @Command(name = "keys", mixinStandardHelpOptions = true, description = "Print the keys under a prefix, one per line.")
  static final class Keys implements Callable<Integer> {
    @Mixin
    StoreOptions target = new StoreOptions();

    @Option(names = "--prefix", defaultValue = "/registry/", description = "Key prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Override
    public Integer call() throws Exception {
      PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
      int code = target.with(store -> {
        Page page = store.range(prefix, 0, "", 1000);
        long at = page.revision();
        while (true) {
          page.kvs().forEach(kv -> out.println(kv.key()));
          if (!page.more()) {
            return 0;
          }
          page = store.range(prefix, at, page.lastKey(), 1000);
        }
      });
      out.flush();
      return code;
    }
  }
}
