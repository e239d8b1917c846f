using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests.Kubernetes;

public sealed partial class KubernetesManifestTests
{
    /// <summary>What the host allows for a graceful stop (RunCommand: HostOptions.ShutdownTimeout).</summary>
    private const int HostShutdownSeconds = 60;

    /// <summary>Rendered with plain `kubectl kustomize` (no load restrictor flag): Argo CD's and Flux's defaults.</summary>
    public static TheoryData<string> Kustomizations => new() { "k8s/base", "k8s/overlays/production" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Render_EveryResource_ParsesIntoItsTypedObject(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);

        string[] kinds = [.. m.Objects.Select(o => o.Kind).Order(StringComparer.Ordinal)];
        Assert.Equal(["ConfigMap", "ConfigMap", "ConfigMap", "Deployment", "PodDisruptionBudget", "PrometheusRule", "ScaledObject", "Service", "ServiceAccount", "ServiceMonitor"], kinds.Where(k => k != "TriggerAuthentication"));
        Assert.All(m.Objects, o => Assert.Equal("parcelstream", o.Metadata.Labels["app.kubernetes.io/name"]));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_Worker_RunsNonRootOnAReadOnlyRootWithoutPrivileges(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        V1PodSpec pod = m.Deployment.Spec.Template.Spec;
        V1SecurityContext container = m.Worker.SecurityContext;

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.RunAsNonRoot ?? pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, container.RunAsUser ?? pod.SecurityContext.RunAsUser ?? 0);
        Assert.True(container.ReadOnlyRootFilesystem);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.False(container.Privileged ?? false);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);

        // With a read-only root, /tmp (the runtime's diagnostics socket) must be a volume.
        Assert.Contains(m.Worker.VolumeMounts, v => v.MountPath == "/tmp" && pod.Volumes.Single(x => x.Name == v.Name).EmptyDir is not null);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_Worker_HasRequestsAndLimitsWithinThem(string kustomization)
    {
        V1ResourceRequirements resources = RenderedManifests.Render(kustomization).Worker.Resources;

        foreach (string name in new[] { "cpu", "memory" })
        {
            Assert.True(resources.Requests.ContainsKey(name), $"no {name} request");
            Assert.True(resources.Limits.ContainsKey(name), $"no {name} limit");
            Assert.True(resources.Requests[name].ToDecimal() <= resources.Limits[name].ToDecimal(), $"{name} request over its limit");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_Probes_HitTheOperationsEndpoint(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        V1Container worker = m.Worker;
        int metricsPort = m.Settings.GetValue<int>("ParcelStream:Metrics:Port", MetricsOptions.DefaultPort);
        V1ContainerPort port = worker.Ports.Single(p => p.Name == "metrics");

        Assert.Equal(metricsPort, port.ContainerPort);
        Assert.Equal("/healthz", worker.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", worker.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz", worker.StartupProbe.HttpGet.Path);
        Assert.All(new[] { worker.LivenessProbe, worker.ReadinessProbe, worker.StartupProbe }, p => Assert.Equal("metrics", p.HttpGet.Port.Value));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_TerminationGrace_LongerThanTheDrain(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        int drainSeconds = m.Settings.GetValue("ParcelStream:Worker:DrainTimeoutMs", new WorkerOptions().DrainTimeoutMs) / 1000;
        long grace = m.Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds!.Value;

        // On SIGTERM the worker waits up to the drain timeout for in-flight work, then as long again for the producer flush.
        Assert.True(grace > 2 * drainSeconds, $"grace {grace} s, drain {drainSeconds} s (+ flush)");
        Assert.True(grace > HostShutdownSeconds, $"grace {grace} s, host shutdown timeout {HostShutdownSeconds} s");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_Worker_StaticGroupMemberNamedAfterItsPod(string kustomization)
    {
        // A container restarted in its pod after a kill rejoins under the same id and gets its partitions back at once.
        RenderedManifests m = RenderedManifests.Render(kustomization);
        V1EnvVar id = Assert.Single(m.Worker.Env, e => e.Name == "PARCELSTREAM__WORKER__GROUPINSTANCEID");
        Assert.Equal("metadata.name", id.ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_Image_PinnedToAnExactReleaseOrDigest(string kustomization)
    {
        string image = RenderedManifests.Render(kustomization).Worker.Image;

        Assert.Matches(PinnedImageRegex(), image);
        Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_Replicas_LeftToTheAutoscaler(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);

        Assert.Null(m.Deployment.Spec.Replicas);
        Assert.Equal("0", m.Deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Settings_ConfigMap_ValidWorkerAndMetricsOptions(string kustomization)
    {
        IConfigurationRoot settings = RenderedManifests.Render(kustomization).Settings;
        var worker = new WorkerOptions();
        settings.GetSection(WorkerOptions.SectionName).Bind(worker);
        var metrics = new MetricsOptions();
        settings.GetSection(MetricsOptions.SectionName).Bind(metrics);

        worker.Validate();
        metrics.Validate();
        new FeedbackOptions().Validate(worker);
        Assert.Equal("json", settings["ParcelStream:Logging:Format"]);
        Assert.True(worker.StatisticsIntervalMs > 0, "consumer lag needs librdkafka statistics");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Settings_ConfigMap_NameHashedSoAChangeRollsTheWorkers(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        string name = m.Deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == "settings").ConfigMap.Name;

        // kustomize appends a hash of the content and points the Deployment at the generated name.
        Assert.Matches("^parcelstream-settings-[a-z0-9]{10}$", name);
        Assert.Equal("settings", m.ConfigMap(name).Metadata.Labels["app.kubernetes.io/component"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void RulePack_ConfigMap_HoldsRulesDefaultAndLoadsWhereTheWorkerLooks(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        V1VolumeMount mount = m.Worker.VolumeMounts.Single(v => v.MountPath == m.Settings["ParcelStream:Rules:Directory"]);
        V1ConfigMap rules = m.ConfigMapOfVolume(mount.Name);

        // No name hash: a changed pack is updated in place in the mounted volume and hot-reloaded, without a restart.
        Assert.Equal("parcelstream-rules", rules.Metadata.Name);
        Assert.Equal("rules", rules.Metadata.Labels["app.kubernetes.io/component"]);

        // Every file of the shipped pack, unchanged: kustomize takes no globs, so rules/kustomization.yaml lists them.
        string[] files = [.. Directory.GetFiles(Repo.RulesDirectory).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order(StringComparer.Ordinal)!];
        Assert.True(files.SequenceEqual(rules.Data.Keys.Order(StringComparer.Ordinal)), $"the ConfigMap holds [{string.Join(", ", rules.Data.Keys.Order(StringComparer.Ordinal))}], rules/default [{string.Join(", ", files)}]: run make k8s-rules");
        Assert.All(files, f => Assert.Equal(File.ReadAllText(Path.Combine(Repo.RulesDirectory, f)), rules.Data[f]));

        string directory = Path.Combine(Path.GetTempPath(), "parcelstream-k8s-rules-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            foreach ((string name, string content) in rules.Data)
            {
                File.WriteAllText(Path.Combine(directory, name), content);
            }

            Assert.True(RulePack.Load(directory).RuleCount > 0);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Assert.True(mount.ReadOnlyProperty);
        Assert.True(m.Settings.GetValue("ParcelStream:Rules:WatchForChanges", false), "the mounted pack is hot-reloaded");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void ServiceAndServiceMonitor_SelectTheWorkerPodsAndScrapeMetrics(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        IDictionary<string, string> podLabels = m.Deployment.Spec.Template.Metadata.Labels;
        V1Service service = m.Single<V1Service>();
        ServiceMonitor monitor = m.Single<ServiceMonitor>();

        Assert.All(service.Spec.Selector, kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
        Assert.All(m.Deployment.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
        V1ServicePort port = service.Spec.Ports.Single(p => p.Name == "metrics");
        Assert.Equal("metrics", port.TargetPort.Value);
        Assert.All(monitor.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, service.Metadata.Labels[kv.Key]));
        ServiceMonitorEndpoint endpoint = monitor.Spec.Endpoints.Single();
        Assert.Equal("metrics", endpoint.Port);
        Assert.Equal("/metrics", endpoint.Path);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void PodDisruptionBudget_OneWorkerAtATime(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        V1PodDisruptionBudget pdb = m.Single<V1PodDisruptionBudget>();

        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        Assert.All(pdb.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, m.Deployment.Spec.Template.Metadata.Labels[kv.Key]));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void ScaledObject_KafkaLagOfEveryGroupAndTopicTheWorkerReads_AtMostOneReplicaPerPartition(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        ScaledObject scaled = m.Single<ScaledObject>();
        IConfigurationRoot settings = m.Settings;
        var worker = new WorkerOptions();
        settings.GetSection(WorkerOptions.SectionName).Bind(worker);
        var feedback = new FeedbackOptions();
        settings.GetSection(FeedbackOptions.SectionName).Bind(feedback);
        int partitions = int.Parse(scaled.Metadata.Annotations["parcelstream.io/input-topic-partitions"], System.Globalization.CultureInfo.InvariantCulture);

        // The worker's group on the manifests; the feedback join's group on the results and on its repartition topic.
        string feedbackGroup = feedback.EffectiveGroupId(worker);
        Assert.True(feedback.Enabled, "feedback is on in the shipped settings, so its group is scaled on");
        Assert.Equal(
            [(worker.GroupId, worker.InputTopic), (feedbackGroup, feedback.ResultsTopic), (feedbackGroup, feedback.RepartitionTopic)],
            scaled.Spec.Triggers.Select(t => (t.Metadata["consumerGroup"], t.Metadata["topic"])));
        Assert.Equal(feedback.RepartitionTopic, scaled.Spec.Triggers.Single(t => t.Name == "feedback-repartition").Metadata["topic"]);
        Assert.Equal(scaled.Spec.Triggers.Count, scaled.Spec.Triggers.Select(t => t.Name).Distinct().Count());
        Assert.All(scaled.Spec.Triggers, trigger =>
        {
            Assert.Equal("kafka", trigger.Type);
            Assert.Equal(worker.BootstrapServers, trigger.Metadata["bootstrapServers"]);
            Assert.True(int.Parse(trigger.Metadata["lagThreshold"], System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Equal("false", trigger.Metadata["allowIdleConsumers"]);
        });

        Assert.Equal(m.Deployment.Metadata.Name, scaled.Spec.ScaleTargetRef.Name);
        Assert.Equal(partitions, scaled.Spec.MaxReplicaCount);
        Assert.InRange(scaled.Spec.MinReplicaCount!.Value, 1, partitions);
        Assert.True(scaled.Spec.Advanced!.HorizontalPodAutoscalerConfig!.Behavior!.ScaleDown.StabilizationWindowSeconds >= 60, "scaling down rebalances: not in a hurry");
    }

    [Fact]
    public void Production_Overlay_ItsNamespaceSaslAndAuthenticatedScaler()
    {
        RenderedManifests m = RenderedManifests.Render("k8s/overlays/production");
        List<ScaleTrigger> triggers = m.Single<ScaledObject>().Spec.Triggers;
        TriggerAuthentication auth = m.Single<TriggerAuthentication>();

        Assert.All(m.Objects, o => Assert.Equal("customs-prod", o.Metadata.NamespaceProperty));
        Assert.Equal("SASL_SSL", m.Settings["ParcelStream:Kafka:security.protocol"]);
        Assert.Contains(m.Worker.Env, e => e.Name == "PARCELSTREAM__KAFKA__sasl.password" && e.ValueFrom.SecretKeyRef.Name == "parcelstream-kafka");
        Assert.All(triggers, trigger =>
        {
            Assert.Equal(auth.Metadata.Name, trigger.AuthenticationRef!.Name);
            Assert.Equal("scram_sha512", trigger.Metadata["sasl"]);
            Assert.Equal("enable", trigger.Metadata["tls"]);
        });
        Assert.Equal(["ca", "password", "username"], auth.Spec.SecretTargetRef.Select(s => s.Parameter).Order(StringComparer.Ordinal));
        Assert.Equal(24, m.Single<ScaledObject>().Spec.MaxReplicaCount);
        Assert.True(RenderedManifests.Render("k8s/base").Worker.Resources.Limits["cpu"].ToDecimal() < m.Worker.Resources.Limits["cpu"].ToDecimal());
    }

    [Fact]
    public void HpaAlternative_ScalesTheWorkerOnItsExportedLag()
    {
        RenderedManifests hpa = RenderedManifests.Load("k8s/alternatives/hpa.yaml");
        V2HorizontalPodAutoscaler autoscaler = hpa.Single<V2HorizontalPodAutoscaler>();
        RenderedManifests base_ = RenderedManifests.Render("k8s/base");

        Assert.Equal(base_.Deployment.Metadata.Name, autoscaler.Spec.ScaleTargetRef.Name);
        Assert.Equal("Deployment", autoscaler.Spec.ScaleTargetRef.Kind);
        Assert.Equal(int.Parse(autoscaler.Metadata.Annotations["parcelstream.io/input-topic-partitions"], System.Globalization.CultureInfo.InvariantCulture), autoscaler.Spec.MaxReplicas);
        Assert.InRange(autoscaler.Spec.MinReplicas!.Value, 1, autoscaler.Spec.MaxReplicas);
        V2MetricSpec metric = autoscaler.Spec.Metrics.Single();
        Assert.Equal("parcelstream_consumer_lag", metric.External.Metric.Name);
        Assert.Equal(base_.Settings["ParcelStream:Worker:InputTopic"], metric.External.Metric.Selector.MatchLabels["topic"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void PrometheusRule_Rendered_IsTheRuleFileOfOpsPrometheus(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        PrometheusRule rule = m.Single<PrometheusRule>();
        JsonNode source = YamlJson.Load(File.ReadAllText(Repo.Path("ops", "prometheus", "parcelstream-rules.yaml")))!;

        // The resource is the only copy of the rules: what kustomize renders is that file, rule for rule.
        Assert.Equal(source["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Count(), rule.Spec.Groups.Sum(g => g.Rules.Count));
        Assert.Equal(source["spec"]!["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()), rule.Spec.Groups.Select(g => g.Name));
        Assert.All(rule.Spec.Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null), r => Assert.EndsWith($"/{r.Alert}.md", r.Annotations!["runbook_url"], StringComparison.Ordinal));
        Assert.Equal("monitoring", rule.Metadata.Labels["app.kubernetes.io/component"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Dashboard_ConfigMap_GrafanaSidecarLabelAndTheDashboardUnchanged(string kustomization)
    {
        V1ConfigMap dashboard = RenderedManifests.Render(kustomization).ConfigMap("parcelstream-dashboard");

        // The label Grafana's dashboard sidecar selects by default; no name hash, so it is updated in place.
        Assert.Equal("1", dashboard.Metadata.Labels["grafana_dashboard"]);
        string json = Assert.Single(dashboard.Data, kv => kv.Key == "parcelstream-dashboard.json").Value;
        Assert.Equal(File.ReadAllText(Repo.Path("ops", "grafana", "parcelstream-dashboard.json")), json);
        Assert.Equal("parcelstream-overview", JsonNode.Parse(json)!["uid"]!.GetValue<string>());
    }

    [Fact]
    public void SecretExample_KeysTheProductionOverlayReads_PlaceholdersNotApplied()
    {
        RenderedManifests production = RenderedManifests.Render("k8s/overlays/production");
        List<V1Secret> examples = [.. RenderedManifests.Load("k8s/overlays/production/secret.example.yaml").Objects.Cast<V1Secret>()];
        V1Secret kafka = examples.Single(s => s.Metadata.Name == "parcelstream-kafka");
        V1PodSpec pod = production.Deployment.Spec.Template.Spec;

        // Every key the workers and KEDA read from the Secret is in the example, and no more.
        string[] read =
        [
            .. production.Worker.Env.Where(e => e.ValueFrom?.SecretKeyRef?.Name == kafka.Metadata.Name).Select(e => e.ValueFrom.SecretKeyRef.Key),
            .. pod.Volumes.Where(v => v.Secret?.SecretName == kafka.Metadata.Name).SelectMany(v => v.Secret.Items.Select(i => i.Key)),
            .. production.Single<TriggerAuthentication>().Spec.SecretTargetRef.Where(t => t.Name == kafka.Metadata.Name).Select(t => t.Key),
        ];
        Assert.Equal(read.Distinct().Order(StringComparer.Ordinal), kafka.StringData.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(examples, s => s.Metadata.Name == "parcelstream-schema-registry" && s.StringData.ContainsKey("basic.auth.user.info"));

        // Clearly not credentials, in the overlay's namespace, and never rendered: the real Secret comes from elsewhere.
        Assert.All(examples.SelectMany(s => s.StringData.Values), v => Assert.Contains("EXAMPLE", v, StringComparison.Ordinal));
        Assert.All(examples, s => Assert.Equal("customs-prod", s.Metadata.NamespaceProperty));
        Assert.DoesNotContain(production.Objects, o => o.Kind == "Secret");
    }

    [Fact]
    public void Dockerfile_RunsTheHostAsANonRootUserOnTheMetricsPort()
    {
        string[] lines = File.ReadAllLines(Repo.Path("Dockerfile"));

        string user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))[5..];
        Assert.NotEqual("0", user.Split(':')[0]);
        Assert.NotEqual("root", user.Split(':')[0]);
        Assert.Equal(RenderedManifests.Render("k8s/base").Deployment.Spec.Template.Spec.SecurityContext.RunAsUser.ToString(), user.Split(':')[0]);
        Assert.Contains($"EXPOSE {MetricsOptions.DefaultPort}", lines);
        Assert.All(lines.Where(l => l.StartsWith("ARG ", StringComparison.Ordinal) && l.Contains("IMAGE=", StringComparison.Ordinal)), l => Assert.Matches(PinnedImageRegex(), l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.Contains(lines, l => l.Contains("dotnet publish src/ParcelStream.Host/ParcelStream.Host.csproj", StringComparison.Ordinal));

        // The worker runs on jemalloc: the library the image installs is the one it preloads.
        string preload = lines.Single(l => l.StartsWith("ENV LD_PRELOAD=", StringComparison.Ordinal))["ENV LD_PRELOAD=".Length..];
        Assert.Contains(lines, l => l.Contains("install -y --no-install-recommends libjemalloc2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"libjemalloc.so.2 | head -n 1)\" {preload}", StringComparison.Ordinal));
    }

    /// <summary>registry/name:1.2.3[-suffix] or registry/name@sha256:64 hex.</summary>
    [GeneratedRegex(@"^[a-z0-9.\-/]+(:[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.\-]*(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedImageRegex();
}
