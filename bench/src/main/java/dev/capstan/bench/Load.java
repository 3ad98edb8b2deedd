package dev.capstan.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Closed-loop load: a fixed number of workers each issuing the next call as soon as the last one answered. */
final class Load {
  private Load() {}

  /** One call; {@code worker} and {@code n} let a call pick its own key. Throwing counts as an error. */
  @FunctionalInterface
  interface Call {
    void run(int worker, long n) throws Exception;
  }

  /** Thrown by a call to end its worker before the time is up (not an error). */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("done", null, false, false);
    }
  }

  /** One run's figures; latencies in milliseconds. */
  record Sample(double perSecond, double p50, double p99, long ok, long errors, String firstError) {}

  /** Runs {@code concurrency} workers for {@code seconds}. */
  static Sample run(int concurrency, double seconds, Call call) {
    Latencies[] latencies = new Latencies[concurrency];
    long[] errors = new long[concurrency];
    AtomicReference<String> firstError = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      latencies[w] = new Latencies();
      Thread t = new Thread(() -> {
        try {
          for (long n = 0; System.nanoTime() < end; n++) {
            long t0 = System.nanoTime();
            try {
              call.run(worker, n);
              latencies[worker].add(System.nanoTime() - t0);
            } catch (Stop stop) {
              break;
            } catch (Exception | AssertionError e) {
              errors[worker]++;
              firstError.compareAndSet(null, String.valueOf(e.getMessage()));
            }
          }
        } finally {
          done.countDown();
        }
      }, "load-" + w);
      t.setDaemon(true);
      t.start();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Latencies all = new Latencies();
    long errs = 0;
    for (int w = 0; w < concurrency; w++) {
      all.addAll(latencies[w]);
      errs += errors[w];
    }
    long[] sorted = all.sorted();
    return new Sample(sorted.length / elapsed, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
        sorted.length, errs, firstError.get());
  }

  /** {@code runs} samples; each field is the median of its run values (errors are summed). */
  static Sample repeat(int runs, Supplier<Sample> one) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      samples.add(one.get());
    }
    return median(samples);
  }

  static Sample median(List<Sample> samples) {
    String err = samples.stream().map(Sample::firstError).filter(e -> e != null).findFirst().orElse(null);
    return new Sample(median(samples, Sample::perSecond), median(samples, Sample::p50), median(samples, Sample::p99),
        samples.stream().mapToLong(Sample::ok).sum(), samples.stream().mapToLong(Sample::errors).sum(), err);
  }

  static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> field) {
    double[] v = samples.stream().mapToDouble(field).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double median(double... values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** A growable list of longs, cheaper than boxing millions of latencies. */
  static final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    synchronized void addAll(Latencies other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    int size() {
      return size;
    }

    long[] sorted() {
      long[] s = Arrays.copyOf(values, size);
      Arrays.sort(s);
      return s;
    }
  }
}
