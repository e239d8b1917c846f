using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Screening;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>
/// Reads a rule pack directory, validates every file and compiles the rules into the evaluation plan. Collects every
/// error it can find (file, line, rule) before giving up, so that one `rules check` run shows them all.
/// </summary>
internal sealed partial class PackCompiler
{
    /// <summary>The file that holds the pack's version and settings.</summary>
    public const string PackFile = "pack.yaml";

    /// <summary>Largest YAML file read (watch lists, which may be large, are CSV files and not bound by it).</summary>
    public const long MaxYamlBytes = 16 << 20;

    private readonly string _directory;
    private readonly List<RuleValidationError> _errors = [];
    private readonly List<RuleDefinition> _rules = [];
    private readonly Dictionary<string, ListDefinition> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Threshold> _thresholds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReferenceTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WatchList> _watchLists = new(StringComparer.Ordinal);
    private readonly List<WatchListParty> _watchListParties = [];
    private readonly Dictionary<string, (string File, int Line)> _ruleIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _rates = new(StringComparer.Ordinal);
    private readonly double[] _currencyScale = CreateCurrencyTable();
    private readonly double[] _currencyRate = CreateCurrencyTable();
    private readonly FeatureRegistry _features = new();
    private string _file = string.Empty;
    private string? _ruleId;
    private string? _version;
    private string _name = string.Empty;
    private double _baseLogOdds = -4.0;
    private Learning.ModelMode _modelMode;
    private string _modelFile = Learning.RiskModelFile.FileName;
    private bool _modelFileNamed;

    private PackCompiler(string directory)
    {
        _directory = directory;
    }

    /// <summary>Compiles the pack in <paramref name="directory"/>.</summary>
    /// <param name="directory">The pack directory.</param>
    /// <returns>The compiled contents.</returns>
    /// <exception cref="RulePackException">The pack is invalid.</exception>
    public static PackContents Compile(string directory)
    {
        var compiler = new PackCompiler(directory);
        PackContents? contents = null;
        try
        {
            contents = compiler.Run();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A combination of input the compiler does not expect must reject the pack like any other error, never end
            // the process: a pack is shared by every worker (one ConfigMap), so a crash here takes them all down.
            compiler._file = compiler._file.Length == 0 ? directory : compiler._file;
            int line = compiler._ruleId is { } id && compiler._ruleIds.TryGetValue(id, out (string File, int Line) at) ? at.Line : 0;
            compiler.Error(line, $"cannot be loaded ({e.GetType().Name}: {e.Message})");
        }

        if (contents is null || compiler._errors.Count > 0)
        {
            throw new RulePackException([.. compiler._errors.Select(OneLine).OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)]);
        }

        return contents;
    }

    /// <summary>Lists the files of a pack that take part in loading: every non-hidden file under the directory.</summary>
    /// <param name="directory">The pack directory.</param>
    /// <returns>Relative paths, sorted ordinally.</returns>
    /// <remarks>Names starting with '.' are skipped, which also skips a Kubernetes ConfigMap's ..data and timestamped directories.</remarks>
    public static IReadOnlyList<string> PackFiles(string directory)
    {
        var files = new List<string>();
        Walk(directory, string.Empty);
        files.Sort(StringComparer.Ordinal);
        return files;

        void Walk(string path, string relative)
        {
            foreach (string file in System.IO.Directory.EnumerateFiles(path))
            {
                string name = Path.GetFileName(file);
                if (!name.StartsWith('.'))
                {
                    files.Add(relative.Length == 0 ? name : relative + "/" + name);
                }
            }

            foreach (string sub in System.IO.Directory.EnumerateDirectories(path))
            {
                string name = Path.GetFileName(sub);
                if (!name.StartsWith('.'))
                {
                    Walk(sub, relative.Length == 0 ? name : relative + "/" + name);
                }
            }
        }
    }

    private static double[] CreateCurrencyTable()
    {
        var table = new double[Text.CurrencyTable.CodeCount];
        Array.Fill(table, double.NaN);
        return table;
    }

    private PackContents? Run()
    {
        if (!System.IO.Directory.Exists(_directory))
        {
            _errors.Add(new RuleValidationError(_directory, 0, null, "rule pack directory not found"));
            return null;
        }

        IReadOnlyList<string> yamlFiles = PackFiles(_directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (!yamlFiles.Contains(PackFile))
        {
            _errors.Add(new RuleValidationError(Display(PackFile), 0, null, "pack.yaml not found: a rule pack needs one, with at least `version:`"));
            return null;
        }

        // pack.yaml first (currencies, thresholds, watch lists), then the other files in name order; rules are compiled
        // once every list, table and threshold of every file is known, so files may refer to each other freely.
        var documents = new List<(string File, YamlMappingNode Root)>();
        foreach (string file in yamlFiles.OrderBy(f => f == PackFile ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal))
        {
            if (Parse(file) is { } root)
            {
                documents.Add((file, root));
            }
        }

        foreach ((string file, YamlMappingNode root) in documents)
        {
            _file = Display(file);
            ReadSettings(root, file == PackFile);
        }

        foreach ((string file, YamlMappingNode root) in documents)
        {
            _file = Display(file);
            ReadDefinitions(root);
        }

        if (_version is null && _errors.Count == 0)
        {
            _errors.Add(new RuleValidationError(Display(PackFile), 1, null, "`version:` is required"));
        }

        List<CompiledRule> compiled = CompileRules();
        Fiscal.FiscalSettings? fiscal = CompileAssessment();
        (FeatureSlot[] manifestSlots, FeatureSlot[] itemSlots) = _features.Build(out string? featureError);
        if (featureError is not null)
        {
            _errors.Add(new RuleValidationError(Display(PackFile), 0, null, featureError));
        }

        Learning.RiskModel? model = LoadModel();
        if (_errors.Count > 0)
        {
            return null;
        }

        return new PackContents
        {
            Directory = _directory,
            Version = _version!,
            Name = _name,
            Rules = [.. compiled],
            ManifestSlots = manifestSlots,
            ItemSlots = itemSlots,
            CurrencyScale = _currencyScale,
            CurrencyRate = _currencyRate,
            BaseLogOdds = _baseLogOdds,
            ListCount = _lists.Count,
            WatchListEntryCount = _watchLists.Values.Sum(w => w.EntryCount),
            WatchListParties = [.. _watchListParties],
            Thresholds = _thresholds,
            Fiscal = fiscal,
            Model = model,
            ModelMode = _modelMode,
        };
    }

    private YamlMappingNode? Parse(string file)
    {
        _file = Display(file);
        string path = Path.Combine(_directory, file);
        string text;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > MaxYamlBytes)
            {
                Error(0, $"{length:N0} bytes: a pack's YAML file may have at most {MaxYamlBytes:N0} (a Kubernetes ConfigMap holds 1 MiB)");
                return null;
            }

            // Invalid UTF-8 becomes U+FFFD, which the YAML parser reports or keeps as text like any other character.
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(0, $"cannot read: {e.Message}");
            return null;
        }

        var stream = new YamlStream();
        var parser = new GuardedYamlParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            Error((int)Math.Min(e.Start.Line, int.MaxValue), $"YAML syntax: {(e.InnerException ?? e).Message}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or NotSupportedException)
        {
            // YamlDotNet throws some syntax errors without a position (an unclosed `[` before the next key throws
            // InvalidOperationException from its scanner): report them where the parser stopped.
            Error(parser.LastLine, "YAML syntax: cannot parse past this line (unclosed bracket, brace or quote?)"
                + (e is InvalidOperationException ? string.Empty : $": {e.Message}"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(Yaml.Line(stream.Documents[1].RootNode), "one YAML document per file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(Yaml.Line(stream.Documents[0].RootNode), "the file must be a mapping (rules:, lists:, tables:, thresholds:)");
            return null;
        }

        return root;
    }

    private void ReadDefinitions(YamlMappingNode root)
    {
        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(root))
        {
            switch (key)
            {
                case "lists":
                    ReadLists(value);
                    break;
                case "tables":
                    ReadTables(value);
                    break;
                case "rules":
                    ReadRules(value);
                    break;
                case "version" or "name" or "description" or "scoring" or "currencies" or "thresholds" or "watchLists" or "assessment" or "model":
                    break;
                default:
                    Error(keyNode, $"unknown top-level key '{key}' (expected rules, lists, tables, thresholds or assessment; pack.yaml also version, name, scoring, currencies, watchLists, model)");
                    break;
            }
        }
    }

    private string Display(string relative) => Path.Combine(_directory, relative);

    private void Error(YamlNode node, string message) => Error(Yaml.Line(node), message);

    private void Error(int line, string message) => _errors.Add(new RuleValidationError(_file, line, _ruleId, message));

    /// <summary>
    /// Makes an error one line: control characters (line breaks and NUL quoted back from a file, a carriage return in a
    /// CSV header, a line feed in a file name) become spaces.
    /// </summary>
    private static RuleValidationError OneLine(RuleValidationError error) => error with { File = NoControl(error.File), RuleId = error.RuleId is null ? null : NoControl(error.RuleId), Message = NoControl(error.Message) };

    private static string NoControl(string text) => !text.Any(char.IsControl) ? text : string.Create(text.Length, text, static (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        }
    });
}
