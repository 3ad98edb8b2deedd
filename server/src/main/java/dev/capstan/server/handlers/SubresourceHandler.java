package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.api.StatusDetails;
import dev.capstan.server.authn.ServiceAccountTokens;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.certificates.Approvals;
import dev.capstan.server.request.RequestInfo;
import dev.capstan.server.schema.SchemaModel;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * The {@code /status} and {@code /scale} subresources every resource declaring them has. A subresource
 * discovery lists without a handler here is answered 404, as upstream answers an unknown path.
 */
final class SubresourceHandler {
  /** How a Scale is printed: upstream has no columns of its own for it. */
  private static final ResourceDefinition SCALE = ResourceDefinition.builder("autoscaling", "v1", "scale", "Scale")
      .build();

  private final Registry registry;
  private final Clock clock;
  private final PodSubresources pods;
  private final TokenRequests tokens;
  private final SchemaModel schemas;

  SubresourceHandler(Registry registry, Clock clock, ServiceAccountTokens tokens, SchemaModel schemas) {
    this.registry = registry;
    this.clock = clock;
    this.pods = new PodSubresources(registry, clock);
    this.tokens = new TokenRequests(registry, tokens, clock);
    this.schemas = schemas;
  }

  void handle(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    ResourceDefinition.Subresource sub = d.subresources().stream()
        .filter(s -> s.name().equals(info.subresource())).findFirst().orElseThrow(ApiException::pathNotFound);
    if (!sub.verbs().contains(info.verb())) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource", new StatusDetails("", d.group(), d.resource(), null));
    }
    switch (sub.name()) {
      case "status" -> status(ctx, d, namespace, info);
      case "scale" -> scale(ctx, d, namespace, info);
      case "approval" -> approval(ctx, d, namespace, info);
      case "token" -> {
        if (!d.resource().equals("serviceaccounts") || !d.group().isEmpty()) {
          throw ApiException.pathNotFound();
        }
        tokens.create(ctx, d, namespace, info.name());
      }
      case "binding" -> pods(d).bind(ctx, d, namespace, info.name());
      case "eviction" -> pods(d).evict(ctx, d, namespace, info.name());
      default -> throw ApiException.pathNotFound();
    }
  }

  private void approval(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    if (!d.group().equals("certificates.k8s.io")) {
      throw ApiException.pathNotFound();
    }
    java.util.function.BinaryOperator<KubeObject> decide = (current, sent) -> Approvals.apply(current, sent,
        clock.instant());
    KubeObject out = switch (info.verb()) {
      case "get" -> registry.store(d).get(d.key(namespace, info.name()));
      case "update" -> {
        KubeObject sent = Encoding.decode(ctx, d);
        yield registry.updateWith(d, namespace, info.name(), current -> sent.deepCopy(), decide,
            ResourceHandler.dryRun(ctx));
      }
      case "patch" -> {
        Patches.Patch patch = Patches.parse(ctx.contentType(), ctx.bodyAsBytes(), patchSchema(d, info));
        yield registry.updateWith(d, namespace, info.name(), patch::apply, decide, ResourceHandler.dryRun(ctx));
      }
      default -> throw ApiException.pathNotFound();
    };
    Encoding.writeObject(ctx, 200, d, out, clock.instant());
  }

  /** The schema of the kind a subresource reads and writes (Scale for /scale), which guides its patches. */
  private java.util.Optional<dev.capstan.server.schema.Schema> schema(ResourceDefinition d, RequestInfo info) {
    return d.subresources().stream().filter(s -> s.name().equals(info.subresource())).findFirst()
        .flatMap(s -> schemas.kind(s.group(), s.version(), s.kind()));
  }

  /** The schema strategic merge patches follow; none for custom resources, which refuse them (415) as upstream. */
  private java.util.Optional<dev.capstan.server.schema.Schema> patchSchema(ResourceDefinition d, RequestInfo info) {
    return !d.custom() ? schema(d, info) : java.util.Optional.empty();
  }

  /** {@code POST .../bindings}: the binding subresource of the pod the Binding names. */
  void bindByName(Context ctx, String namespace) {
    ResourceDefinition podDefinition = registry.catalog().lookup("", "v1", "pods")
        .orElseThrow(ApiException::pathNotFound);
    KubeObject binding = Encoding.decode(ctx, "v1", "Binding");
    if (binding.name().isEmpty()) {
      throw dev.capstan.api.FieldError.invalid("", "Binding", "Binding", "", java.util.List.of(
          dev.capstan.api.FieldError.required("metadata.name", "name or generateName is required")));
    }
    pods.bind(ctx, podDefinition, namespace, binding.name());
  }

  private PodSubresources pods(ResourceDefinition d) {
    if (!d.resource().equals("pods") || !d.group().isEmpty()) {
      throw ApiException.pathNotFound();
    }
    return pods;
  }

  private void status(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    KubeObject out = switch (info.verb()) {
      case "get" -> registry.store(d).get(d.key(namespace, info.name()));
      case "update" -> {
        KubeObject sent = Encoding.decode(ctx, d);
        FieldValidation.of(ctx, "UpdateOptions", schema(d, info).orElse(null)).checkBody(d, ctx.bodyAsBytes(), sent);
        yield registry.updateStatus(d, namespace, info.name(), current -> sent.deepCopy(),
            ResourceHandler.dryRun(ctx), ResourceHandler.manager(ctx, "UpdateOptions", false, false));
      }
      case "patch" -> {
        if (Patches.isApply(ctx.contentType())) {
          String force = ctx.queryParam("force");
          yield registry.applyStatus(d, namespace, info.name(), Patches.applyConfiguration(ctx.bodyAsBytes()),
              ResourceHandler.manager(ctx, "PatchOptions", true, force != null), "true".equals(force),
              ResourceHandler.dryRun(ctx));
        }
        FieldValidation validation = FieldValidation.of(ctx, "PatchOptions", schema(d, info).orElse(null));
        byte[] body = ctx.bodyAsBytes();
        Patches.Patch patch = Patches.parse(ctx.contentType(), body, patchSchema(d, info));
        KubeObject patched = registry.updateStatus(d, namespace, info.name(),
            validation.checking(patch, ctx.contentType(), body), ResourceHandler.dryRun(ctx),
            ResourceHandler.manager(ctx, "PatchOptions", false, ctx.queryParam("force") != null));
        validation.sendWarnings();
        yield patched;
      }
      default -> throw ApiException.pathNotFound();
    };
    Encoding.writeObject(ctx, 200, d, out, clock.instant());
  }

  private void scale(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    KubeObject out = switch (info.verb()) {
      case "get" -> registry.scale(d, namespace, info.name());
      case "update" -> {
        KubeObject sent = Encoding.decode(ctx, "autoscaling/v1", "Scale");
        FieldValidation.of(ctx, "UpdateOptions", schema(d, info).orElse(null))
            .checkBody("Scale", "v1", ctx.bodyAsBytes(), sent);
        if (!sent.name().equals(info.name())) {
          throw ApiException.badRequest("the name of the object (" + sent.name() + ") does not match the name on "
              + "the URL (" + info.name() + ")");
        }
        yield registry.updateScale(d, namespace, info.name(), current -> sent.deepCopy(),
            ResourceHandler.dryRun(ctx));
      }
      case "patch" -> {
        FieldValidation validation = FieldValidation.of(ctx, "PatchOptions", schema(d, info).orElse(null));
        byte[] body = ctx.bodyAsBytes();
        Patches.Patch patch = Patches.parse(ctx.contentType(), body, patchSchema(d, info));
        KubeObject scaled = registry.updateScale(d, namespace, info.name(),
            validation.checking(patch, ctx.contentType(), body), ResourceHandler.dryRun(ctx));
        validation.sendWarnings();
        yield scaled;
      }
      default -> throw ApiException.pathNotFound();
    };
    Encoding.writeObject(ctx, 200, SCALE, out, clock.instant());
  }
}
