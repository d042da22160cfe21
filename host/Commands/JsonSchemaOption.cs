using System.Text.Json;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
using SkPlugins.Generation.Model;

namespace SkPlugins.Host.Commands;

/// <summary>Reads <c>generate --json-schema FILE</c> into a constraint, with errors that name the file (and the line of a JSON error).</summary>
internal static class JsonSchemaOption
{
    /// <summary>Loads and compiles the schema file for the model's vocabulary.</summary>
    /// <exception cref="ArgumentException">The file is missing, is not JSON, or uses a keyword outside the supported subset.</exception>
    public static ILogitsConstraint Load(string path, CausalLanguageModel model)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--json-schema: '{path}' not found");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return JsonSchemaConstraint.Create(document.RootElement.Clone(), TokenVocabulary.ForModel(model));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--json-schema: '{path}' line {e.LineNumber + 1}: not valid JSON ({e.Message})", e);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"--json-schema: '{path}': {e.Message}", e);
        }
    }
}
