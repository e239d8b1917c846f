using ParcelStream.Rules.Learning;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <content>The learned risk model that ships with a pack: pack.yaml's <c>model:</c> settings and the model file.</content>
internal sealed partial class PackCompiler
{
    private void ReadModel(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "model must be a mapping (mode, file)");
            return;
        }

        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            switch (key)
            {
                case "mode":
                    string? mode = Yaml.Text(value);
                    if (!Enum.TryParse(mode, ignoreCase: true, out ModelMode parsed) || !Enum.IsDefined(parsed) || int.TryParse(mode, out _))
                    {
                        Error(value, $"model mode must be active, shadow or off (found '{mode}')");
                    }
                    else
                    {
                        _modelMode = parsed;
                    }

                    break;
                case "file":
                    string? file = Yaml.Text(value);
                    if (string.IsNullOrWhiteSpace(file) || Path.IsPathRooted(file) || file.Contains("..", StringComparison.Ordinal))
                    {
                        Error(value, "model file must be a path inside the pack directory, e.g. risk-model.json");
                    }
                    else
                    {
                        _modelFile = file;
                        _modelFileNamed = true;
                    }

                    break;
                default:
                    Error(keyNode, $"unknown model key '{key}' (expected mode, file)");
                    break;
            }
        }
    }

    /// <summary>Loads the pack's model file when there is one and the mode is not off; its errors reject the pack.</summary>
    private RiskModel? LoadModel()
    {
        string path = Path.Combine(_directory, _modelFile);
        if (_modelMode == ModelMode.Off)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            // Without a model file the pack decides by its rules alone; a file pack.yaml names must be there.
            if (_modelFileNamed)
            {
                _errors.Add(new RuleValidationError(Display(PackFile), 0, null, $"model file '{_modelFile}' not found"));
            }

            return null;
        }

        try
        {
            return RiskModelFile.Load(path);
        }
        catch (RulePackException e)
        {
            _errors.AddRange(e.Errors.Select(error => error with { File = Display(_modelFile) }));
            return null;
        }
    }
}
