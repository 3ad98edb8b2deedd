package dev.capstan.conformance;

import static dev.capstan.conformance.TableLines.assertRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every other built-in kind through real kubectl: one object of each created from a manifest with
 * {@code kubectl create -f}, then the header and cells {@code get} and {@code get -o wide} print, as upstream's
 * printers (pkg/printers/internalversion) compute them for objects no controller has touched yet.
 */
class KubectlClusterResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String AGE = "\\d+s";

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @TempDir
  Path tmp;

  @Test
  void nodesPrintTheirConditionRolesAndAddresses() throws Exception {
    create("nodes.yaml", """
        apiVersion: v1
        kind: Node
        metadata:
          name: worker-1
          labels: {node-role.kubernetes.io/worker: "", kubernetes.io/os: linux}
        status:
          conditions:
          - {type: Ready, status: "True", reason: KubeletReady, message: ready,
             lastHeartbeatTime: "2026-01-01T00:00:00Z", lastTransitionTime: "2026-01-01T00:00:00Z"}
          addresses:
          - {type: InternalIP, address: 10.0.0.5}
          - {type: ExternalIP, address: 203.0.113.5}
          - {type: Hostname, address: worker-1}
          nodeInfo: {kubeletVersion: v1.33.1, osImage: Ubuntu 24.04 LTS, kernelVersion: 6.8.0-45-generic,
                     containerRuntimeVersion: "containerd://1.7.22", machineID: m, systemUUID: s, bootID: b,
                     kubeProxyVersion: "", operatingSystem: linux, architecture: amd64}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: worker-2}
        spec: {unschedulable: true}
        """, "node/worker-1 created", "node/worker-2 created");
    // A node's creator (the kubelet) may set its status; the printer reads the Ready condition and the addresses.
    assertRows(ok("get", "nodes"),
        "NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION",
        "worker-1\\s+Ready\\s+worker\\s+" + AGE + "\\s+v1\\.33\\.1",
        "worker-2\\s+Unknown,SchedulingDisabled\\s+<none>\\s+" + AGE + "\\s*");
    assertRows(ok("get", "nodes", "-o", "wide"),
        "NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\s+INTERNAL-IP\\s+EXTERNAL-IP\\s+OS-IMAGE\\s+KERNEL-VERSION"
            + "\\s+CONTAINER-RUNTIME",
        "worker-1\\s+Ready\\s+worker\\s+" + AGE + "\\s+v1\\.33\\.1\\s+10\\.0\\.0\\.5\\s+203\\.0\\.113\\.5"
            + "\\s+Ubuntu 24\\.04 LTS\\s+6\\.8\\.0-45-generic\\s+containerd://1\\.7\\.22",
        "worker-2\\s+Unknown,SchedulingDisabled\\s+<none>\\s+" + AGE
            + "\\s+<none>\\s+<none>\\s+<unknown>\\s+<unknown>\\s+<unknown>");

    assertThat(ok("cordon", "worker-1")).isEqualTo("node/worker-1 cordoned\n");
    assertThat(ok("get", "node", "worker-1")).contains("Ready,SchedulingDisabled");
    assertThat(ok("get", "nodes", "--field-selector", "spec.unschedulable=true", "-o", "name"))
        .isEqualTo("node/worker-1\nnode/worker-2\n");
    assertThat(ok("uncordon", "worker-1")).isEqualTo("node/worker-1 uncordoned\n");
    assertThat(ok("get", "nodes", "--field-selector", "spec.unschedulable=false", "-o", "name"))
        .isEqualTo("node/worker-1\n");
  }

  @Test
  void storageKindsPrintUpstreamsColumns() throws Exception {
    create("storage.yaml", """
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: fast}
        provisioner: example.com/fast
        reclaimPolicy: Retain
        volumeBindingMode: WaitForFirstConsumer
        allowVolumeExpansion: true
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: standard
          annotations: {storageclass.kubernetes.io/is-default-class: "true"}
        provisioner: example.com/standard
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv-1}
        spec:
          capacity: {storage: 5Gi}
          accessModes: [ReadWriteOnce, ReadOnlyMany]
          persistentVolumeReclaimPolicy: Retain
          storageClassName: fast
          hostPath: {path: /data/pv-1}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: claim-1, namespace: default}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
          storageClassName: fast
        ---
        apiVersion: storage.k8s.io/v1
        kind: CSIDriver
        metadata: {name: csi.example.com}
        spec: {attachRequired: true, podInfoOnMount: true}
        ---
        apiVersion: storage.k8s.io/v1
        kind: CSINode
        metadata: {name: worker-1}
        spec:
          drivers: [{name: csi.example.com, nodeID: n1}]
        ---
        apiVersion: storage.k8s.io/v1
        kind: VolumeAttachment
        metadata: {name: va-1}
        spec:
          attacher: csi.example.com
          nodeName: worker-1
          source: {persistentVolumeName: pv-1}
        ---
        apiVersion: storage.k8s.io/v1
        kind: CSIStorageCapacity
        metadata: {name: cap-1, namespace: default}
        storageClassName: fast
        capacity: 100Gi
        """, "storageclass.storage.k8s.io/fast created", "storageclass.storage.k8s.io/standard created",
        "persistentvolume/pv-1 created", "persistentvolumeclaim/claim-1 created",
        "csidriver.storage.k8s.io/csi.example.com created", "csinode.storage.k8s.io/worker-1 created",
        "volumeattachment.storage.k8s.io/va-1 created", "csistoragecapacity.storage.k8s.io/cap-1 created");
    assertRows(ok("get", "storageclasses"),
        "NAME\\s+PROVISIONER\\s+RECLAIMPOLICY\\s+VOLUMEBINDINGMODE\\s+ALLOWVOLUMEEXPANSION\\s+AGE",
        "fast\\s+example\\.com/fast\\s+Retain\\s+WaitForFirstConsumer\\s+true\\s+" + AGE,
        "standard \\(default\\)\\s+example\\.com/standard\\s+Delete\\s+Immediate\\s+false\\s+" + AGE);
    // A new volume is Pending until the binder sees it; the claim too.
    assertRows(ok("get", "pv", "-o", "wide"),
        "NAME\\s+CAPACITY\\s+ACCESS MODES\\s+RECLAIM POLICY\\s+STATUS\\s+CLAIM\\s+STORAGECLASS"
            + "\\s+VOLUMEATTRIBUTESCLASS\\s+REASON\\s+AGE\\s+VOLUMEMODE",
        "pv-1\\s+5Gi\\s+RWO,ROX\\s+Retain\\s+Pending\\s+fast\\s+<unset>\\s+" + AGE + "\\s+Filesystem");
    assertRows(ok("-n", "default", "get", "pvc", "-o", "wide"),
        "NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY\\s+ACCESS MODES\\s+STORAGECLASS\\s+VOLUMEATTRIBUTESCLASS\\s+AGE"
            + "\\s+VOLUMEMODE",
        "claim-1\\s+Pending\\s+fast\\s+<unset>\\s+" + AGE + "\\s+Filesystem");
    assertRows(ok("get", "csidrivers"),
        "NAME\\s+ATTACHREQUIRED\\s+PODINFOONMOUNT\\s+STORAGECAPACITY\\s+TOKENREQUESTS\\s+REQUIRESREPUBLISH\\s+MODES"
            + "\\s+AGE",
        "csi\\.example\\.com\\s+true\\s+true\\s+false\\s+<unset>\\s+false\\s+Persistent\\s+" + AGE);
    assertRows(ok("get", "csinodes"), "NAME\\s+DRIVERS\\s+AGE", "worker-1\\s+1\\s+" + AGE);
    assertRows(ok("get", "volumeattachments"),
        "NAME\\s+ATTACHER\\s+PV\\s+NODE\\s+ATTACHED\\s+AGE",
        "va-1\\s+csi\\.example\\.com\\s+pv-1\\s+worker-1\\s+false\\s+" + AGE);
    assertRows(ok("-n", "default", "get", "csistoragecapacities"),
        "NAME\\s+STORAGECLASSNAME\\s+CAPACITY", "cap-1\\s+fast\\s+100Gi");
  }

  @Test
  void schedulingPolicyAndAutoscalingKindsPrintUpstreamsColumns() throws Exception {
    run("create", "namespace", "pol");
    create("policy.yaml", """
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: high}
        value: 1000
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web-pdb, namespace: pol}
        spec:
          minAvailable: 2
          selector: {matchLabels: {app: web}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web-hpa, namespace: pol}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 10
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
        ---
        apiVersion: node.k8s.io/v1
        kind: RuntimeClass
        metadata: {name: gvisor}
        handler: runsc
        ---
        apiVersion: v1
        kind: LimitRange
        metadata: {name: limits, namespace: pol}
        spec:
          limits: [{type: Container, default: {cpu: 500m}}]
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: quota, namespace: pol}
        spec:
          hard: {pods: "10", limits.memory: 8Gi}
        """, "priorityclass.scheduling.k8s.io/high created", "poddisruptionbudget.policy/web-pdb created",
        "horizontalpodautoscaler.autoscaling/web-hpa created", "runtimeclass.node.k8s.io/gvisor created",
        "limitrange/limits created", "resourcequota/quota created");
    // The two system priority classes exist from the start.
    assertRows(ok("get", "priorityclasses"),
        "NAME\\s+VALUE\\s+GLOBAL-DEFAULT\\s+AGE\\s+PREEMPTIONPOLICY",
        "high\\s+1000\\s+false\\s+" + AGE + "\\s+PreemptLowerPriority",
        "system-cluster-critical\\s+2000000000\\s+false\\s+\\S+\\s+PreemptLowerPriority",
        "system-node-critical\\s+2000001000\\s+false\\s+\\S+\\s+PreemptLowerPriority");
    assertRows(ok("-n", "pol", "get", "pdb", "-o", "wide"),
        "NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE",
        "web-pdb\\s+2\\s+N/A\\s+0\\s+" + AGE);
    assertRows(ok("-n", "pol", "get", "hpa", "-o", "wide"),
        "NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+REPLICAS\\s+AGE",
        "web-hpa\\s+Deployment/web\\s+cpu: <unknown>/80%\\s+2\\s+10\\s+0\\s+" + AGE);
    // Served in autoscaling/v1 too, with the cpu target converted.
    assertThat(ok("-n", "pol", "get", "horizontalpodautoscalers.v1.autoscaling", "web-hpa", "-o",
        "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}")).isEqualTo("autoscaling/v1 80");
    assertRows(ok("get", "runtimeclasses"), "NAME\\s+HANDLER\\s+AGE", "gvisor\\s+runsc\\s+" + AGE);
    // No printer of its own: the server's default columns.
    assertRows(ok("-n", "pol", "get", "limitranges"),
        "NAME\\s+CREATED AT", "limits\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    // Age moved behind Request and Limit in 1.33; both stay empty until the quota controller fills status.hard.
    assertRows(ok("-n", "pol", "get", "quota"), "NAME\\s+REQUEST\\s+LIMIT\\s+AGE", "quota\\s+" + AGE);
  }

  @Test
  void networkingKindsPrintUpstreamsColumns() throws Exception {
    run("create", "namespace", "net");
    create("net.yaml", """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: net}
        spec:
          ingressClassName: nginx
          tls: [{hosts: [web.example.com], secretName: tls}]
          rules:
          - host: web.example.com
            http:
              paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
          - host: api.example.com
            http:
              paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: net}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Ingress]
        ---
        apiVersion: v1
        kind: Endpoints
        metadata: {name: ext, namespace: net}
        subsets:
        - addresses: [{ip: 10.1.0.1}, {ip: 10.1.0.2}]
          ports: [{port: 8080, protocol: TCP}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: ext-abc, namespace: net, labels: {kubernetes.io/service-name: ext}}
        addressType: IPv4
        ports: [{name: http, port: 8080, protocol: TCP}]
        endpoints: [{addresses: [10.1.0.1]}, {addresses: [10.1.0.2]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: ServiceCIDR
        metadata: {name: extra}
        spec: {cidrs: [10.200.0.0/16]}
        """, "ingressclass.networking.k8s.io/nginx created", "ingress.networking.k8s.io/web created",
        "networkpolicy.networking.k8s.io/deny created", "endpoints/ext created",
        "endpointslice.discovery.k8s.io/ext-abc created", "servicecidr.networking.k8s.io/extra created");
    assertRows(ok("get", "ingressclasses"),
        "NAME\\s+CONTROLLER\\s+PARAMETERS\\s+AGE", "nginx\\s+k8s\\.io/ingress-nginx\\s+<none>\\s+" + AGE);
    // No load balancer has reported an address; TLS adds 443.
    assertRows(ok("-n", "net", "get", "ingress", "-o", "wide"),
        "NAME\\s+CLASS\\s+HOSTS\\s+ADDRESS\\s+PORTS\\s+AGE",
        "web\\s+nginx\\s+web\\.example\\.com,api\\.example\\.com\\s+80, 443\\s+" + AGE);
    assertRows(ok("-n", "net", "get", "netpol"), "NAME\\s+POD-SELECTOR\\s+AGE", "deny\\s+app=web\\s+" + AGE);
    assertRows(ok("-n", "net", "get", "endpoints"),
        "NAME\\s+ENDPOINTS\\s+AGE", "ext\\s+10\\.1\\.0\\.1:8080,10\\.1\\.0\\.2:8080\\s+" + AGE);
    assertRows(ok("-n", "net", "get", "endpointslices"),
        "NAME\\s+ADDRESSTYPE\\s+PORTS\\s+ENDPOINTS\\s+AGE", "ext-abc\\s+IPv4\\s+8080\\s+10\\.1\\.0\\.1,10\\.1\\.0\\.2\\s+" + AGE);
    assertThat(ok("get", "servicecidrs", "extra")).matches("NAME\\s+CIDRS\\s+AGE\\n"
        + "extra\\s+10\\.200\\.0\\.0/16\\s+" + AGE + "\\n");
  }

  @Test
  void eventsPrintInBothGroups() throws Exception {
    run("create", "namespace", "ev");
    String seen = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    create("event.yaml", """
        apiVersion: v1
        kind: Event
        metadata: {name: solo.1, namespace: ev}
        involvedObject: {kind: Pod, name: solo, namespace: ev, apiVersion: v1, fieldPath: "spec.containers{c}"}
        reason: Pulled
        message: Container image "nginx" already present on machine
        type: Normal
        source: {component: kubelet, host: worker-1}
        firstTimestamp: "%1$s"
        lastTimestamp: "%1$s"
        count: 3
        """.formatted(seen), "event/solo.1 created");
    assertRows(ok("-n", "ev", "get", "events"),
        "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE",
        "30m\\s+Normal\\s+Pulled\\s+pod/solo\\s+Container image \"nginx\" already present on machine");
    String wide = "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+SUBOBJECT\\s+SOURCE\\s+MESSAGE\\s+FIRST SEEN\\s+COUNT\\s+NAME";
    String row = "30m\\s+Normal\\s+Pulled\\s+pod/solo\\s+spec\\.containers\\{c}\\s+kubelet, worker-1\\s+Container image "
        + "\"nginx\" already present on machine\\s+30m\\s+3\\s+solo\\.1";
    assertRows(ok("-n", "ev", "get", "events", "-o", "wide"), wide, row);
    // The same object served in events.k8s.io/v1, converted, printed by the same printer.
    assertRows(ok("-n", "ev", "get", "events.v1.events.k8s.io", "-o", "wide"), wide, row);
    JsonNode v1 = JSON.readTree(ok("-n", "ev", "get", "events.v1.events.k8s.io", "solo.1", "-o", "json"));
    assertThat(v1.at("/regarding/name").asString()).isEqualTo("solo");
    assertThat(v1.at("/note").asString()).isEqualTo("Container image \"nginx\" already present on machine");
    assertThat(v1.at("/deprecatedCount").asInt()).isEqualTo(3);
    assertThat(v1.at("/deprecatedSource/host").asString()).isEqualTo("worker-1");
    // kubectl events lists core events itself.
    assertRows(ok("-n", "ev", "events"),
        "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE",
        "30m \\(x3 over 30m\\)\\s+Normal\\s+Pulled\\s+Pod/solo\\s+Container image \"nginx\" already present on machine");
  }

  @Test
  void admissionExtensionAndCertificateKindsPrintUpstreamsColumns() throws Exception {
    create("admission.yaml", """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: vwc}
        webhooks:
        - name: check.example.com
          clientConfig: {url: "https://example.com/validate"}
          rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
          sideEffects: None
          admissionReviewVersions: [v1]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: mwc}
        webhooks:
        - {name: a.example.com, clientConfig: {url: "https://example.com/a"}, sideEffects: None,
           admissionReviewVersions: [v1]}
        - {name: b.example.com, clientConfig: {url: "https://example.com/b"}, sideEffects: None,
           admissionReviewVersions: [v1]}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: vap}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
          validations: [{expression: "object.spec.replicas <= 5"}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: vapb}
        spec: {policyName: vap, validationActions: [Deny]}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        ---
        apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata: {name: csr-1}
        spec:
          signerName: example.com/signer
          expirationSeconds: 86400
          usages: [digital signature, client auth]
          request: %s
        """.formatted(certificateRequest("jane")),
        "validatingwebhookconfiguration.admissionregistration.k8s.io/vwc created",
        "mutatingwebhookconfiguration.admissionregistration.k8s.io/mwc created",
        "validatingadmissionpolicy.admissionregistration.k8s.io/vap created",
        "validatingadmissionpolicybinding.admissionregistration.k8s.io/vapb created",
        "customresourcedefinition.apiextensions.k8s.io/widgets.example.com created",
        "certificatesigningrequest.certificates.k8s.io/csr-1 created");
    assertRows(ok("get", "validatingwebhookconfigurations"), "NAME\\s+WEBHOOKS\\s+AGE", "vwc\\s+1\\s+" + AGE);
    assertRows(ok("get", "mutatingwebhookconfigurations"), "NAME\\s+WEBHOOKS\\s+AGE", "mwc\\s+2\\s+" + AGE);
    assertRows(ok("get", "validatingadmissionpolicies"),
        "NAME\\s+VALIDATIONS\\s+PARAMKIND\\s+AGE", "vap\\s+1\\s+<unset>\\s+" + AGE);
    assertRows(ok("get", "validatingadmissionpolicybindings"),
        "NAME\\s+POLICYNAME\\s+PARAMREF\\s+AGE", "vapb\\s+vap\\s+<unset>\\s+" + AGE);
    assertRows(ok("get", "crds"),
        "NAME\\s+CREATED AT", "widgets\\.example\\.com\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    // Upstream fills REQUESTOR with the creating user (spec.username); Capstan's strategies do not see the user yet,
    // so only the columns around it are checked.
    String csr = ok("get", "csr");
    assertThat(csr.lines().findFirst().orElseThrow())
        .matches("NAME\\s+AGE\\s+SIGNERNAME\\s+REQUESTOR\\s+REQUESTEDDURATION\\s+CONDITION");
    assertThat(csr.lines().skip(1).findFirst().orElseThrow())
        .matches("csr-1\\s+" + AGE + "\\s+example\\.com/signer\\s+.*\\s*24h\\s+Pending");
  }

  @Test
  void validationErrorsAreWordedAsUpstreamWordsThem() throws Exception {
    Path file = write("bad.yaml", """
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: huge}
        value: 2000000000
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: nowhere, namespace: default}
        spec: {}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: inverted, namespace: default}
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          minReplicas: 5
          maxReplicas: 2
        """);
    Kubectl.Result r = run("create", "-f", file.toString(), "--validate=false");
    assertThat(r.exitCode()).isEqualTo(1);
    String prefix = "Error from server (Invalid): error when creating \"" + file + "\": ";
    assertThat(r.stderr().lines().toList()).containsExactly(
        prefix + "PriorityClass.scheduling.k8s.io \"huge\" is invalid: value: Forbidden: maximum allowed value of a "
            + "user defined priority is 1000000000",
        prefix + "Ingress.networking.k8s.io \"nowhere\" is invalid: spec: Invalid value: []networking.IngressRule(nil): "
            + "either `defaultBackend` or `rules` must be specified",
        prefix + "HorizontalPodAutoscaler.autoscaling \"inverted\" is invalid: spec.maxReplicas: Invalid value: 2: "
            + "must be greater than or equal to `minReplicas`");
  }

  /** A real PKCS#10 request in PEM, base64-encoded as the CSR's spec.request field carries it. */
  private static String certificateRequest(String commonName) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    var key = generator.generateKeyPair();
    var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), key.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(request);
    }
    return Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Creates the manifest's objects and checks kubectl's line for each. */
  private void create(String name, String manifest, String... created) throws Exception {
    Path file = write(name, manifest);
    Kubectl.Result r = run("create", "-f", file.toString(), "--validate=false");
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout().lines().toList()).containsExactly(created);
  }

  private Path write(String name, String content) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static String ok(String... args) throws Exception {
    Kubectl.Result r = run(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.stderr()).isZero();
    return r.stdout();
  }

  private static Kubectl.Result run(String... args) throws Exception {
    return Kubectl.defaultKubectl().run(SERVER.process().kubeconfig(), args);
  }
}
