namespace SkPlugins.Plugins.VectorStore;

/// <summary>Which collection <see cref="CollectionTextSearch"/> searches (section <c>SkPlugins:VectorStore:TextSearch</c>).</summary>
public sealed class CollectionTextSearchOptions
{
    /// <summary>The collection (default <c>sentences</c>, the one <c>skplugins store ingest sentences</c> and the tour fill).</summary>
    public string Collection { get; set; } = "sentences";

    /// <summary>The string field whose value is the text of a result (default: the field named <c>text</c>, any case).</summary>
    public string? TextField { get; set; }

    /// <summary>The string field whose value names a result (default: the field named <c>source</c>, any case, else the point id).</summary>
    public string? NameField { get; set; }
}
