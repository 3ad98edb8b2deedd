package dev.capstan.server.cli;

import dev.capstan.server.Capstan;
import dev.capstan.server.ServerOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code capstan server}: runs the all-in-one server in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the API server in the foreground; SIGTERM or Ctrl-C stops it cleanly.")
public final class ServerCommand implements Callable<Integer> {
  /** How long a SIGTERM during start waits for the start to finish before giving up on a clean stop. */
  private static final long START_WAIT_SECONDS = 120;

  @Mixin
  StoreOptions target = new StoreOptions();

  @Option(names = "--bind-address", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(names = "--secure-port", defaultValue = "6443", description = "HTTPS port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int securePort;

  @Option(names = "--tls-san", split = ",", description = "Extra DNS names or IP addresses for the serving certificate.")
  List<String> tlsSans = new ArrayList<>();

  @Option(names = {"-v", "--v"}, defaultValue = "0", description = "Log verbosity; 3 or more logs every request.")
  int verbosity;

  @Override
  public Integer call() {
    ServerOptions options;
    try {
      options = new ServerOptions(target.dataDir, bindAddress, securePort, target.storage, target.etcdServers,
          tlsSans, verbosity);
    } catch (IllegalArgumentException e) {
      System.err.println("capstan: " + e.getMessage());
      return 2;
    }
    // The hook is in place before the server starts, so a SIGTERM that arrives as it becomes ready (or during
    // the start) still stops it cleanly and exits 0, as kube-apiserver does, not the JVM's 143.
    CompletableFuture<Capstan> started = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      Capstan running;
      try {
        running = started.get(START_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        running = null;
      }
      if (running == null) {
        return; // it never started: the exit status is the failure's
      }
      running.close();
      stopped.countDown();
      Runtime.getRuntime().halt(0);
    }, "capstan-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Capstan server;
    try {
      server = Capstan.start(options, Clock.systemUTC());
      started.complete(server);
    } catch (Exception e) {
      started.complete(null);
      System.err.println("capstan: cannot start: " + describe(e));
      return 1;
    }
    System.out.println("Capstan is serving " + server.url());
    System.out.println("Try: kubectl --kubeconfig " + server.kubeconfig() + " version");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The first message in the cause chain that says something, e.g. "Failed to bind to /127.0.0.1:6443". */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && out.indexOf(m) < 0) {
        if (out.length() > 0) {
          out.append(": ");
        }
        out.append(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
  }
}
