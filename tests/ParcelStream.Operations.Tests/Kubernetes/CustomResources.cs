using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ParcelStream.Operations.Tests.Kubernetes;

// The custom resources the manifests use, typed as far as the checks need (KubernetesClient has no models for them).

internal sealed class ScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public ScaledObjectSpec Spec { get; set; } = new();
}

internal sealed class ScaledObjectSpec
{
    public ScaleTarget ScaleTargetRef { get; set; } = new();

    public int? PollingInterval { get; set; }

    public int? CooldownPeriod { get; set; }

    public int? MinReplicaCount { get; set; }

    public int? MaxReplicaCount { get; set; }

    public ScaledObjectAdvanced? Advanced { get; set; }

    public List<ScaleTrigger> Triggers { get; set; } = [];
}

internal sealed class ScaledObjectAdvanced
{
    public HorizontalPodAutoscalerConfig? HorizontalPodAutoscalerConfig { get; set; }
}

internal sealed class HorizontalPodAutoscalerConfig
{
    public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

internal sealed class ScaleTarget
{
    public string Name { get; set; } = string.Empty;

    public string? Kind { get; set; }
}

internal sealed class ScaleTrigger
{
    public string Type { get; set; } = string.Empty;

    public string? Name { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public NameRef? AuthenticationRef { get; set; }
}

internal sealed class NameRef
{
    public string Name { get; set; } = string.Empty;
}

internal sealed class TriggerAuthentication : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public TriggerAuthenticationSpec Spec { get; set; } = new();
}

internal sealed class TriggerAuthenticationSpec
{
    public List<SecretTarget> SecretTargetRef { get; set; } = [];
}

internal sealed class SecretTarget
{
    public string Parameter { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;
}

internal sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}

internal sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

internal sealed class ServiceMonitorEndpoint
{
    public string Port { get; set; } = string.Empty;

    public string Path { get; set; } = string.Empty;

    public string? Interval { get; set; }

    [JsonPropertyName("scrapeTimeout")]
    public string? ScrapeTimeout { get; set; }
}

internal sealed class PrometheusRule : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public PrometheusRuleSpec Spec { get; set; } = new();
}

internal sealed class PrometheusRuleSpec
{
    public List<PrometheusRuleGroup> Groups { get; set; } = [];
}

internal sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = string.Empty;

    public List<PrometheusRuleEntry> Rules { get; set; } = [];
}

internal sealed class PrometheusRuleEntry
{
    public string? Alert { get; set; }

    public string? Record { get; set; }

    public string Expr { get; set; } = string.Empty;

    public string? For { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}
