package dev.capstan.server.endpoints;

/** A named health check; {@link #check} throws with the reason when unhealthy. Thread-safe, quick. */
public interface HealthCheck {
  String name();

  void check() throws Exception;

  static HealthCheck of(String name, ThrowingRunnable check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void check() throws Exception {
        check.run();
      }
    };
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
