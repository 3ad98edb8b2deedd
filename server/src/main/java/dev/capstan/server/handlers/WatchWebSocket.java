package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.server.http.StatusWriter;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.request.RequestInfo;
import dev.capstan.server.request.RequestInfoResolver;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches over WebSocket, which fabric8 watches and informers use (they do not fall back to streaming HTTP):
 * one text frame per watch event. Authentication and authorization ran on the upgrade request.
 */
public final class WatchWebSocket implements Consumer<WsConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(WatchWebSocket.class);

  private final Registry registry;
  private final WatchHandler watch;
  private final Map<String, AtomicBoolean> open = new ConcurrentHashMap<>();

  public WatchWebSocket(Registry registry, Clock clock, WatchSlots slots) {
    this.registry = registry;
    this.watch = new WatchHandler(registry, clock, slots);
  }

  @Override
  public void accept(WsConfig ws) {
    ws.onConnect(ctx -> {
      AtomicBoolean stopped = new AtomicBoolean();
      open.put(ctx.sessionId(), stopped);
      Thread t = new Thread(() -> serve(ctx, stopped), "ws-watch-" + ctx.sessionId());
      t.setDaemon(true);
      t.start();
    });
    ws.onClose(ctx -> stop(ctx.sessionId()));
    ws.onError(ctx -> stop(ctx.sessionId()));
  }

  private void serve(WsContext ctx, AtomicBoolean stopped) {
    try {
      String path = ctx.session.getUpgradeRequest().getRequestURI().getPath();
      RequestInfo info = RequestInfoResolver.resolve("GET", path, ctx.queryParam("watch"));
      if (!info.resourceRequest() || !info.verb().equals("watch")) {
        throw ApiException.badRequest("a WebSocket request must be a watch");
      }
      ResourceDefinition d = registry.catalog().lookup(info.apiGroup(), info.apiVersion(), info.resource())
          .orElseThrow(ApiException::pathNotFound);
      String namespace = d.namespaced() ? info.namespace() : "";
      WatchHandler.Request r = WatchHandler.Request.of(d, namespace, info.name(), ctx::queryParam,
          Encoding.Format.JSON, Tables.IncludeObject.OBJECT,
          ResourceHandler.selector(d, ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector")));
      watch.run(r, new WatchHandler.Sink() {
        @Override
        public void send(byte[] event) throws IOException {
          if (!ctx.session.isOpen()) {
            throw new IOException("the client closed the watch");
          }
          ctx.send(new String(event, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
          // every frame is sent as it is written
        }

        @Override
        public void abort() {
          ctx.session.disconnect();
        }
      }, stopped::get);
    } catch (ApiException e) {
      sendError(ctx, e);
    } catch (IOException e) {
      LOG.debug("websocket watch ended: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("websocket watch failed", e);
    } finally {
      stop(ctx.sessionId());
      if (ctx.session.isOpen()) {
        ctx.closeSession(1000, "");
      }
    }
  }

  private void stop(String sessionId) {
    AtomicBoolean flag = open.remove(sessionId);
    if (flag != null) {
      flag.set(true);
    }
  }

  /** Sends a failure as upstream does on a watch: an ERROR event carrying the Status. */
  private static void sendError(WsContext ctx, ApiException e) {
    var event = Encoding.JSON.createObjectNode();
    event.put("type", "ERROR");
    event.set("object", StatusWriter.toStatus(e));
    if (ctx.session.isOpen()) {
      ctx.send(Encoding.JSON.writeValueAsString(event));
    }
  }
}
