package dev.capstan.bench;

/**
 * How long and how wide a run is. Every figure is the median of {@code runs} runs (at least 3).
 *
 * @param seconds length of one closed-loop load run
 * @param concurrencies client concurrency levels for create and GET
 * @param listSizes object counts for the LIST scenario (the first in one namespace, the last cluster-wide)
 * @param watchSeconds length of one fan-out run
 * @param watcherCounts fan-out sizes
 * @param storedForStart objects stored before the "start with stored objects" figure
 * @param pods Pods stored for the RSS figure
 */
record Profile(String name, int runs, double seconds, int[] concurrencies, int[] listSizes, double watchSeconds,
    int[] watcherCounts, int updatesPerSecond, int storedForStart, int pods, int warmEmbeddedStarts) {
  static Profile full() {
    return new Profile("full", 3, 2, new int[] {1, 16, 64}, new int[] {10_000, 30_000}, 10, new int[] {100, 200},
        500, 100_000, 10_000, 5);
  }

  static Profile quick() {
    // storedForStart 0: the quick run leaves out the start with stored objects (the full run stores 100,000).
    return new Profile("quick", 3, 0.5, new int[] {16}, new int[] {2_000}, 1, new int[] {100}, 500, 0, 200, 3);
  }
}
