using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using ParcelStream.Operations.Tests.Support;

namespace ParcelStream.Operations.Tests.Kubernetes;

/// <summary>A kustomization rendered by `kubectl kustomize` and every resource parsed into its typed object.</summary>
internal sealed class RenderedManifests
{
    private RenderedManifests(List<IKubernetesObject<V1ObjectMeta>> objects) => Objects = objects;

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; }

    public V1Deployment Deployment => Single<V1Deployment>();

    public V1Container Worker => Deployment.Spec.Template.Spec.Containers.Single();

    /// <summary>The settings file the worker reads (--config), bound as configuration.</summary>
    public IConfigurationRoot Settings
    {
        get
        {
            string path = Worker.Args[Worker.Args.IndexOf("--config") + 1];
            V1VolumeMount mount = Worker.VolumeMounts.Single(m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            V1ConfigMap map = ConfigMapOfVolume(mount.Name);
            string json = map.Data[Path.GetFileName(path)];
            return new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        }
    }

    public static RenderedManifests Render(string kustomization) => new([.. Kustomize.Build(Repo.Path(kustomization)).Select(Parse)]);

    public static RenderedManifests Load(string file) => new([.. YamlJson.LoadAll(File.ReadAllText(Repo.Path(file))).Select(d => Parse((JsonObject)d!))]);

    public T Single<T>()
        where T : IKubernetesObject<V1ObjectMeta> => Objects.OfType<T>().Single();

    public V1ConfigMap ConfigMap(string name) => Objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == name);

    public V1ConfigMap ConfigMapOfVolume(string volume) => ConfigMap(Deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == volume).ConfigMap.Name);

    private static IKubernetesObject<V1ObjectMeta> Parse(JsonObject resource)
    {
        string json = resource.ToJsonString();
        return $"{resource["apiVersion"]}/{resource["kind"]}" switch
        {
            "v1/ServiceAccount" => KubernetesJson.Deserialize<V1ServiceAccount>(json),
            "v1/ConfigMap" => KubernetesJson.Deserialize<V1ConfigMap>(json),
            "v1/Secret" => KubernetesJson.Deserialize<V1Secret>(json),
            "v1/Service" => KubernetesJson.Deserialize<V1Service>(json),
            "apps/v1/Deployment" => KubernetesJson.Deserialize<V1Deployment>(json),
            "policy/v1/PodDisruptionBudget" => KubernetesJson.Deserialize<V1PodDisruptionBudget>(json),
            "autoscaling/v2/HorizontalPodAutoscaler" => KubernetesJson.Deserialize<V2HorizontalPodAutoscaler>(json),
            "keda.sh/v1alpha1/ScaledObject" => KubernetesJson.Deserialize<ScaledObject>(json),
            "keda.sh/v1alpha1/TriggerAuthentication" => KubernetesJson.Deserialize<TriggerAuthentication>(json),
            "monitoring.coreos.com/v1/ServiceMonitor" => KubernetesJson.Deserialize<ServiceMonitor>(json),
            "monitoring.coreos.com/v1/PrometheusRule" => KubernetesJson.Deserialize<PrometheusRule>(json),
            string other => throw new InvalidOperationException($"no typed model for {other}"),
        };
    }
}
