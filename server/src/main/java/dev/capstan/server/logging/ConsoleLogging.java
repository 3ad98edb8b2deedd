package dev.capstan.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The server's logging set up in code rather than from a logback.xml: parsing XML loaded about 600 classes and
 * took a tenth of the time to the first served request. Logs go to stderr, as kube-apiserver's do; stdout is kept
 * for what a command prints. A logback.xml or logback-test.xml on the class path, or {@code
 * -Dlogback.configurationFile}, still takes over.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
  private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";
  /** Libraries whose INFO lines describe their own internals, not the API server's work. */
  private static final List<String> QUIET = List.of("org.eclipse.jetty", "io.javalin", "io.netty", "io.grpc",
      "io.etcd", "io.vertx");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = ConsoleLogging.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
