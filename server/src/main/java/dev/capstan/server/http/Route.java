package dev.capstan.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One HTTP endpoint: a method, a Javalin path pattern and its handler. */
public record Route(HandlerType method, String path, Handler handler) {
  public static Route get(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler);
  }
}
