using System.Text.RegularExpressions;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests.Kubernetes;

public sealed partial class KubernetesManifestTests
{
    /// <summary>What the host allows for a graceful stop (RunCommand: HostOptions.ShutdownTimeout).</summary>
    private const int HostShutdownSeconds = 60;

    public static TheoryData<string> Kustomizations => new() { "k8s/base", "k8s/overlays/production" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Render_EveryResource_ParsesIntoItsTypedObject(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);

        string[] kinds = [.. m.Objects.Select(o => o.Kind).Order(StringComparer.Ordinal)];
        Assert.Equal(["ConfigMap", "ConfigMap", "Deployment", "PodDisruptionBudget", "ScaledObject", "Service", "ServiceAccount", "ServiceMonitor"], kinds.Where(k => k != "TriggerAuthentication"));
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
        Assert.Equal("json", settings["ParcelStream:Logging:Format"]);
        Assert.True(worker.StatisticsIntervalMs > 0, "consumer lag needs librdkafka statistics");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void RulePack_ConfigMap_HoldsRulesDefaultAndLoadsWhereTheWorkerLooks(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        V1VolumeMount mount = m.Worker.VolumeMounts.Single(v => v.MountPath == m.Settings["ParcelStream:Rules:Directory"]);
        V1ConfigMap rules = m.ConfigMapOfVolume(mount.Name);

        // Every file of the shipped pack, unchanged (a file added to rules/default must be added to the generator).
        string[] files = [.. Directory.GetFiles(Repo.RulesDirectory).Select(Path.GetFileName).Where(f => f != "README.md").Order(StringComparer.Ordinal)!];
        Assert.Equal(files, rules.Data.Keys.Order(StringComparer.Ordinal));
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
    public void ScaledObject_KafkaLagOfTheWorkersGroup_AtMostOneReplicaPerPartition(string kustomization)
    {
        RenderedManifests m = RenderedManifests.Render(kustomization);
        ScaledObject scaled = m.Single<ScaledObject>();
        IConfigurationRoot settings = m.Settings;
        ScaleTrigger trigger = scaled.Spec.Triggers.Single();
        int partitions = int.Parse(scaled.Metadata.Annotations["parcelstream.io/input-topic-partitions"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(m.Deployment.Metadata.Name, scaled.Spec.ScaleTargetRef.Name);
        Assert.Equal("kafka", trigger.Type);
        Assert.Equal(settings["ParcelStream:Worker:InputTopic"], trigger.Metadata["topic"]);
        Assert.Equal(settings["ParcelStream:Worker:GroupId"], trigger.Metadata["consumerGroup"]);
        Assert.Equal(settings["ParcelStream:Worker:BootstrapServers"], trigger.Metadata["bootstrapServers"]);
        Assert.True(int.Parse(trigger.Metadata["lagThreshold"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("false", trigger.Metadata["allowIdleConsumers"]);
        Assert.Equal(partitions, scaled.Spec.MaxReplicaCount);
        Assert.InRange(scaled.Spec.MinReplicaCount!.Value, 1, partitions);
        Assert.True(scaled.Spec.Advanced!.HorizontalPodAutoscalerConfig!.Behavior!.ScaleDown.StabilizationWindowSeconds >= 60, "scaling down rebalances: not in a hurry");
    }

    [Fact]
    public void Production_Overlay_ItsNamespaceSaslAndAuthenticatedScaler()
    {
        RenderedManifests m = RenderedManifests.Render("k8s/overlays/production");
        ScaleTrigger trigger = m.Single<ScaledObject>().Spec.Triggers.Single();
        TriggerAuthentication auth = m.Single<TriggerAuthentication>();

        Assert.All(m.Objects, o => Assert.Equal("customs-prod", o.Metadata.NamespaceProperty));
        Assert.Equal("SASL_SSL", m.Settings["ParcelStream:Kafka:security.protocol"]);
        Assert.Contains(m.Worker.Env, e => e.Name == "PARCELSTREAM__KAFKA__sasl.password" && e.ValueFrom.SecretKeyRef.Name == "parcelstream-kafka");
        Assert.Equal(auth.Metadata.Name, trigger.AuthenticationRef!.Name);
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
