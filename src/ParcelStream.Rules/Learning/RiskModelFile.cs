using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParcelStream.Rules.Learning;

/// <summary>
/// Reads and writes a model as JSON (<c>risk-model.json</c> beside pack.yaml, or the value of a model-topic record):
/// format <see cref="Format"/>, documented in docs/learned-risk.md. Reading checks everything the scorer relies on, so
/// a bad file is rejected with a message and the running model stays.
/// </summary>
public static class RiskModelFile
{
    /// <summary>The file name a rule pack's model has.</summary>
    public const string FileName = "risk-model.json";

    /// <summary>The format tag the file starts with; a reader refuses any other.</summary>
    public const string Format = "parcelstream-risk-model/1";

    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serializes a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(RiskModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        TreeEnsemble t = model.Trees;
        var dto = new ModelDto
        {
            Format = Format,
            Version = model.Version,
            TrainedAt = model.TrainedAt,
            Features = [.. RiskFeatures.Names.Take(t.FeatureCount)],
            Calibration = new CalibrationDto { Slope = model.PlattSlope, Offset = model.PlattOffset },
            Metrics = model.Metrics.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Norms = new NormsDto
            {
                BaseRate = model.Norms.BaseRate,
                Hs = [.. model.Norms.Hs.OrderBy(p => p.Key).Select(p => new double[] { p.Key, p.Value.ValuePerKg, p.Value.ValuePerUnit, p.Value.WeightPerUnit, p.Value.FoundRate })],
                Routes = model.Norms.Routes.OrderBy(p => p.Key).ToDictionary(p => RouteName(p.Key), p => p.Value, StringComparer.Ordinal),
                Operators = model.Norms.Operators.OrderBy(p => p.Key).ToDictionary(p => Hex(p.Key), p => p.Value, StringComparer.Ordinal),
                Words = model.Norms.Words.OrderBy(p => p.Key).ToDictionary(p => Hex(p.Key), p => new[] { Hex(p.Value.ChaptersLow), Hex(p.Value.ChaptersHigh), p.Value.FoundRate.ToString("R", CultureInfo.InvariantCulture) }, StringComparer.Ordinal),
            },
            Trees = new TreesDto
            {
                Roots = t.Roots.ToArray(),
                Splits = [.. t.Nodes.ToArray().Select(n => new double[] { n.Feature, n.Threshold, n.Left, n.Right })],
                SplitValues = t.NodeValues.ToArray(),
                Leaves = t.Leaves.ToArray(),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(dto, s_options);
    }

    /// <summary>Reads a model from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="RulePackException">The file cannot be read or is not a valid model; the message names the file and what is wrong.</exception>
    public static RiskModel Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, $"cannot read: {e.Message}");
        }

        return Parse(bytes, path);
    }

    /// <summary>Reads a model from JSON.</summary>
    /// <param name="json">UTF-8 JSON as <see cref="Serialize"/> writes it.</param>
    /// <param name="source">Where it came from, for messages (a file, or topic/partition@offset).</param>
    /// <returns>The model.</returns>
    /// <exception cref="RulePackException">Not a valid model.</exception>
    public static RiskModel Parse(ReadOnlySpan<byte> json, string source)
    {
        ModelDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<ModelDto>(json, s_options);
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"not valid JSON ({e.Message})");
        }

        if (dto is null || dto.Format != Format)
        {
            throw Invalid(source, $"format must be \"{Format}\" (found \"{dto?.Format}\")");
        }

        if (string.IsNullOrWhiteSpace(dto.Version))
        {
            throw Invalid(source, "version is required");
        }

        if (dto.Features is null || dto.Trees is null || dto.Norms is null || dto.Calibration is null)
        {
            throw Invalid(source, "features, trees, norms and calibration are required");
        }

        for (int i = 0; i < dto.Features.Length; i++)
        {
            if (i >= RiskFeatures.Count || dto.Features[i] != RiskFeatures.NameOf(i))
            {
                throw Invalid(source, $"feature {i} is \"{dto.Features[i]}\", the engine computes \"{(i < RiskFeatures.Count ? RiskFeatures.NameOf(i) : "nothing")}\" there: retrain the model with this version");
            }
        }

        try
        {
            TreesDto t = dto.Trees;
            var nodes = new TreeNode[t.Splits?.Length ?? 0];
            for (int i = 0; i < nodes.Length; i++)
            {
                double[] s = t.Splits![i];
                if (s.Length != 4)
                {
                    throw new FormatException($"split {i} must be [feature, threshold, left, right]");
                }

                nodes[i] = new TreeNode(checked((int)s[0]), (float)s[1], checked((int)s[2]), checked((int)s[3]));
            }

            var trees = new TreeEnsemble(nodes, t.SplitValues ?? [], t.Leaves ?? [], t.Roots ?? [], dto.Features.Length);
            var norms = new FeatureNorms(
                dto.Norms.BaseRate,
                (dto.Norms.Hs ?? []).ToDictionary(h => h.Length == 5 ? (int)h[0] : throw new FormatException("an hs norm must be [hs6, valuePerKg, valuePerUnit, weightPerUnit, foundRate]"), h => new HsNorm((float)h[1], (float)h[2], (float)h[3], (float)h[4])),
                (dto.Norms.Routes ?? []).ToDictionary(p => RouteKey(p.Key), p => p.Value),
                (dto.Norms.Operators ?? []).ToDictionary(p => ParseHex(p.Key), p => p.Value),
                (dto.Norms.Words ?? []).ToDictionary(p => ParseHex(p.Key), p => p.Value.Length == 3 ? new WordNorm(ParseHex(p.Value[0]), ParseHex(p.Value[1]), float.Parse(p.Value[2], CultureInfo.InvariantCulture)) : throw new FormatException("a word norm must be [chaptersLow, chaptersHigh, foundRate]")));
            return new RiskModel(dto.Version, dto.TrainedAt, norms, trees, dto.Calibration.Slope, dto.Calibration.Offset, dto.Metrics);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            throw Invalid(source, e.Message);
        }
    }

    private static RulePackException Invalid(string source, string message) =>
        new([new RuleValidationError(source, 0, null, "risk model: " + message)]);

    private static string Hex(ulong value) => value.ToString("x16", CultureInfo.InvariantCulture);

    private static ulong ParseHex(string text) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value) ? value : throw new FormatException($"\"{text}\" is not a 64-bit hex key");

    private static string RouteName(int key) => string.Create(CultureInfo.InvariantCulture, $"{(char)(key >> 24)}{(char)((key >> 16) & 0xFF)}-{(char)((key >> 8) & 0xFF)}{(char)(key & 0xFF)}");

    private static int RouteKey(string name)
    {
        int key = name.Length == 5 && name[2] == '-' ? RiskFeatures.RouteKey(System.Text.Encoding.ASCII.GetBytes(name[..2]), System.Text.Encoding.ASCII.GetBytes(name[3..])) : -1;
        return key >= 0 ? key : throw new FormatException($"route \"{name}\" must be two country codes, e.g. CN-DE");
    }

    private sealed class ModelDto
    {
        public string? Format { get; set; }

        public string? Version { get; set; }

        public DateTimeOffset TrainedAt { get; set; }

        public string[]? Features { get; set; }

        public CalibrationDto? Calibration { get; set; }

        public Dictionary<string, double>? Metrics { get; set; }

        public NormsDto? Norms { get; set; }

        public TreesDto? Trees { get; set; }
    }

    private sealed class CalibrationDto
    {
        public double Slope { get; set; }

        public double Offset { get; set; }
    }

    private sealed class NormsDto
    {
        public double BaseRate { get; set; }

        public double[][]? Hs { get; set; }

        public Dictionary<string, float>? Routes { get; set; }

        public Dictionary<string, float>? Operators { get; set; }

        public Dictionary<string, string[]>? Words { get; set; }
    }

    private sealed class TreesDto
    {
        public int[]? Roots { get; set; }

        public double[][]? Splits { get; set; }

        public double[]? SplitValues { get; set; }

        public double[]? Leaves { get; set; }
    }
}
