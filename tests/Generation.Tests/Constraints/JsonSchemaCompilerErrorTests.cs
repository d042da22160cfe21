using System.Text.Json;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests.Constraints;

/// <summary>Schemas outside the subset are refused with the keyword and its location, never silently unenforced.</summary>
public sealed class JsonSchemaCompilerErrorTests
{
    [SkippableTheory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "pattern", "#")]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer","minimum":3}}}""", "minimum", "#/properties/n")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "missing", "$ref")]
    [InlineData("""{"type":"decimal"}""", "decimal", "#")]
    public void UnsupportedSchemaNamesTheKeyword(string schema, string keyword, string location)
    {
        var vocabulary = TokenVocabulary.FromTokenizerJson(SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3/tokenizer.json"));
        var error = Assert.Throws<NotSupportedException>(() => JsonSchemaConstraint.Create(JsonDocument.Parse(schema).RootElement, vocabulary));
        Assert.Contains(keyword, error.Message, StringComparison.Ordinal);
        Assert.Contains(location, error.Message, StringComparison.Ordinal);
    }
}
