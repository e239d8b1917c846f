using System.Text.Json.Nodes;

namespace ParcelStream.Operations.Tests.Support;

/// <summary>
/// Renders the kustomizations in k8s/ as kustomize does for the features they use (resources, configMapGenerator with
/// create/replace, namespace, images, JSON 6902 patches with a kind/name target), without the generated name hash.
/// No kustomize binary is installed on the build machines; a feature outside this list fails the render loudly.
/// </summary>
internal static class Kustomize
{
    private static readonly HashSet<string> s_supported = ["apiVersion", "kind", "resources", "configMapGenerator", "namespace", "images", "patches"];

    public static List<JsonObject> Build(string directory)
    {
        JsonObject k = (JsonObject)YamlJson.Load(File.ReadAllText(Path.Combine(directory, "kustomization.yaml")))!;
        Assert.All(k.Select(p => p.Key), key => Assert.Contains(key, s_supported));
        var resources = new List<JsonObject>();
        foreach (JsonNode? entry in k["resources"]?.AsArray() ?? [])
        {
            string path = Path.GetFullPath(Path.Combine(directory, entry!.GetValue<string>()));
            resources.AddRange(Directory.Exists(path) ? Build(path) : YamlJson.LoadAll(File.ReadAllText(path)).Select(d => (JsonObject)d!));
        }

        foreach (JsonNode? generator in k["configMapGenerator"]?.AsArray() ?? [])
        {
            Generate((JsonObject)generator!, directory, resources);
        }

        if (k["namespace"]?.GetValue<string>() is { } ns)
        {
            resources.ForEach(r => r["metadata"]!["namespace"] = ns);
        }

        foreach (JsonNode? image in k["images"]?.AsArray() ?? [])
        {
            SetImage((JsonObject)image!, resources);
        }

        foreach (JsonNode? patch in k["patches"]?.AsArray() ?? [])
        {
            JsonObject target = patch!["target"]!.AsObject();
            JsonArray ops = YamlJson.Load(File.ReadAllText(Path.Combine(directory, patch["path"]!.GetValue<string>())))!.AsArray();
            List<JsonObject> matched = [.. resources.Where(r => Kind(r) == target["kind"]!.GetValue<string>() && Name(r) == target["name"]!.GetValue<string>())];
            Assert.True(matched.Count == 1, $"patch {patch["path"]} targets {matched.Count} resources");
            JsonPatch.Apply(matched[0], ops);
        }

        return resources;
    }

    public static string Kind(JsonObject resource) => resource["kind"]!.GetValue<string>();

    public static string Name(JsonObject resource) => resource["metadata"]!["name"]!.GetValue<string>();

    private static void Generate(JsonObject generator, string directory, List<JsonObject> resources)
    {
        string name = generator["name"]!.GetValue<string>();
        var data = new JsonObject();
        foreach (JsonNode? file in generator["files"]!.AsArray())
        {
            string path = Path.GetFullPath(Path.Combine(directory, file!.GetValue<string>()));
            data[Path.GetFileName(path)] = File.ReadAllText(path);
        }

        var labels = generator["options"]?["labels"]?.DeepClone();
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["data"] = data,
        };
        string behavior = generator["behavior"]?.GetValue<string>() ?? "create";
        int existing = resources.FindIndex(r => Kind(r) == "ConfigMap" && Name(r) == name);
        Assert.True(behavior == "create" ? existing < 0 : existing >= 0, $"configMapGenerator {name}: behavior {behavior}, existing {existing >= 0}");
        Assert.True(behavior is "create" or "replace", $"configMapGenerator {name}: behavior {behavior} not rendered here");
        if (existing >= 0)
        {
            resources[existing] = configMap;
        }
        else
        {
            resources.Add(configMap);
        }
    }

    private static void SetImage(JsonObject image, List<JsonObject> resources)
    {
        string name = image["name"]!.GetValue<string>();
        foreach (JsonObject deployment in resources.Where(r => Kind(r) == "Deployment"))
        {
            foreach (JsonNode? container in deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())
            {
                string current = container!["image"]!.GetValue<string>();
                if (current == name || current.StartsWith(name + ":", StringComparison.Ordinal) || current.StartsWith(name + "@", StringComparison.Ordinal))
                {
                    container["image"] = image["digest"] is { } digest ? $"{name}@{digest.GetValue<string>()}" : $"{name}:{image["newTag"]!.GetValue<string>()}";
                }
            }
        }
    }
}
