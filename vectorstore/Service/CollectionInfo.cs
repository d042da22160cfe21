namespace SkPlugins.VectorStore.Service;

/// <summary>What a collection is: its size, vectors and data fields.</summary>
/// <param name="Name">The collection name.</param>
/// <param name="Count">The number of points.</param>
/// <param name="Dimensions">The vector size.</param>
/// <param name="Distance">The VectorData distance function, e.g. <c>CosineSimilarity</c>.</param>
/// <param name="KeyType"><c>ulong</c> or <c>guid</c>.</param>
/// <param name="Fields">The data fields by name, with their type names (see <see cref="FieldTypes"/>).</param>
public sealed record CollectionInfo(string Name, long Count, int Dimensions, string Distance, string KeyType, IReadOnlyDictionary<string, string> Fields);
