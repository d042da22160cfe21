namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>One data field of a collection's records, as <c>collection.json</c> records it.</summary>
/// <param name="Name">The storage name (the key in each record's JSON payload).</param>
/// <param name="Type">The type name (see <see cref="SkPlugins.VectorStore.Service.FieldTypes"/>).</param>
/// <param name="Indexed">Whether filters may use it.</param>
internal sealed record SchemaField(string Name, string Type, bool Indexed);
