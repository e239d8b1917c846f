using System.Text.Json.Nodes;

namespace ParcelStream.Operations.Tests.Support;

/// <summary>RFC 6902 add, replace and remove on JSON nodes (what the k8s overlays use).</summary>
internal static class JsonPatch
{
    public static void Apply(JsonNode document, JsonArray operations)
    {
        foreach (JsonNode? operation in operations)
        {
            string op = operation!["op"]!.GetValue<string>();
            string[] path = [.. operation["path"]!.GetValue<string>().Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
            JsonNode parent = document;
            foreach (string part in path[..^1])
            {
                parent = (parent is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : parent[part]) ?? throw new InvalidOperationException($"{operation["path"]}: {part} does not exist");
            }

            string last = path[^1];
            JsonNode? value = operation["value"]?.DeepClone();
            switch (op, parent)
            {
                case ("add", JsonArray array):
                    if (last == "-")
                    {
                        array.Add(value);
                    }
                    else
                    {
                        array.Insert(Index(array, last), value);
                    }

                    break;
                case ("replace", JsonArray array):
                    array[Index(array, last)] = value;
                    break;
                case ("remove", JsonArray array):
                    array.RemoveAt(Index(array, last));
                    break;
                case ("add", JsonObject obj):
                    obj[last] = value;
                    break;
                case ("replace", JsonObject obj):
                    Assert.True(obj.ContainsKey(last), $"replace {operation["path"]}: no such member");
                    obj[last] = value;
                    break;
                case ("remove", JsonObject obj):
                    Assert.True(obj.Remove(last), $"remove {operation["path"]}: no such member");
                    break;
                default:
                    throw new InvalidOperationException($"patch operation {op} on {parent.GetType().Name} not supported");
            }
        }
    }

    private static int Index(JsonArray array, string part)
    {
        int index = int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(index, 0, array.Count);
        return index;
    }
}
