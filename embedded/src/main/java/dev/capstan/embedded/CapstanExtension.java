package dev.capstan.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: an {@link EmbeddedCapstan} for a test class, and a fabric8 client for it. Registered on a static field
 * ({@code @RegisterExtension static CapstanExtension capstan = new CapstanExtension();}) or with
 * {@code @ExtendWith}, one server serves the whole class; on an instance field, each test gets a fresh one.
 * Test methods and constructors may take a {@link KubernetesClient} or an {@link EmbeddedCapstan} parameter.
 */
public final class CapstanExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {
  private EmbeddedCapstan server;
  private KubernetesClient client;
  private boolean perClass;

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    shut();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      open();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      shut();
    }
  }

  /** The running server. */
  public EmbeddedCapstan server() {
    if (server == null) {
      throw new IllegalStateException("the Capstan server is not running outside a test");
    }
    return server;
  }

  /** A client for the running server, shared by the tests it serves; closed with the server. */
  public KubernetesClient client() {
    server();
    return client;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == EmbeddedCapstan.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (server == null) {
      open(); // a constructor parameter of a per-test server: resolved before beforeEach
    }
    return parameter.getParameter().getType() == KubernetesClient.class ? client : server;
  }

  private void open() {
    if (server == null) {
      server = EmbeddedCapstan.start();
      client = server.newClient();
    }
  }

  private void shut() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      server = null;
      client = null;
    }
  }
}
