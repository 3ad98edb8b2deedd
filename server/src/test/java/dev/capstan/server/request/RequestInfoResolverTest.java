package dev.capstan.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestInfoResolverTest {
  @ParameterizedTest(name = "{0} {1}?watch={2} -> {3}")
  @CsvSource(nullValues = "-", value = {
      // method, path, watch, verb, group, version, namespace, resource, subresource, name
      "GET, /api/v1/namespaces/default/pods, -, list, '', v1, default, pods, '', ''",
      "GET, /api/v1/namespaces/default/pods, true, watch, '', v1, default, pods, '', ''",
      "GET, /api/v1/namespaces/default/pods/web, -, get, '', v1, default, pods, '', web",
      "GET, /api/v1/namespaces/default/pods/web/log, -, get, '', v1, default, pods, log, web",
      "PUT, /api/v1/namespaces/default/pods/web/status, -, update, '', v1, default, pods, status, web",
      "POST, /api/v1/namespaces/default/pods, -, create, '', v1, default, pods, '', ''",
      "DELETE, /api/v1/namespaces/default/pods, -, deletecollection, '', v1, default, pods, '', ''",
      "DELETE, /api/v1/namespaces/default/pods/web, -, delete, '', v1, default, pods, '', web",
      "PATCH, /apis/apps/v1/namespaces/x/deployments/d/scale, -, patch, apps, v1, x, deployments, scale, d",
      "GET, /api/v1/namespaces, -, list, '', v1, '', namespaces, '', ''",
      "GET, /api/v1/namespaces/kube-system, -, get, '', v1, kube-system, namespaces, '', kube-system",
      "PUT, /api/v1/namespaces/ns1/finalize, -, update, '', v1, ns1, namespaces, finalize, ns1",
      "GET, /api/v1/nodes/n1, -, get, '', v1, '', nodes, '', n1",
      "GET, /apis/rbac.authorization.k8s.io/v1/clusterroles, -, list, rbac.authorization.k8s.io, v1, '', clusterroles, '', ''",
      "GET, /api/v1/watch/namespaces/default/pods, -, watch, '', v1, default, pods, '', ''",
      "GET, /api/v1/watch/namespaces/default/pods/p, -, watch, '', v1, default, pods, '', p",
  })
  void resourceRequests(String method, String path, String watch, String verb, String group, String version,
      String namespace, String resource, String subresource, String name) {
    RequestInfo info = RequestInfoResolver.resolve(method, path, watch);
    assertThat(info.resourceRequest()).isTrue();
    assertThat(info.verb()).isEqualTo(verb);
    assertThat(info.apiGroup()).isEqualTo(group);
    assertThat(info.apiVersion()).isEqualTo(version);
    assertThat(info.namespace()).isEqualTo(namespace);
    assertThat(info.resource()).isEqualTo(resource);
    assertThat(info.subresource()).isEqualTo(subresource);
    assertThat(info.name()).isEqualTo(name);
  }

  @ParameterizedTest(name = "{0} {1} is not a resource request")
  @CsvSource({
      "GET, /, get", "GET, /api, get", "GET, /api/v1, get", "GET, /apis, get", "GET, /apis/apps, get",
      "GET, /apis/apps/v1, get", "GET, /version, get", "POST, /healthz, post", "GET, /openapi/v3, get",
  })
  void nonResourceRequests(String method, String path, String verb) {
    RequestInfo info = RequestInfoResolver.resolve(method, path, null);
    assertThat(info.resourceRequest()).isFalse();
    assertThat(info.verb()).isEqualTo(verb);
    assertThat(info.path()).isEqualTo(path);
  }
}
