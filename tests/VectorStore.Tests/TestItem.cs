using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Tests;

/// <summary>A record with every filterable kind of field, for the contract suite.</summary>
public sealed class TestItem
{
    [VectorStoreKey]
    public ulong Id { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string Category { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public int Rank { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public double Price { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public bool InStock { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public List<string> Tags { get; set; } = [];

    [VectorStoreVector(8, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; set; }

    public static List<TestItem> Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        string[] categories = ["a", "b", "c"];
        return Enumerable.Range(0, count).Select(i => new TestItem
        {
            Id = (ulong)(100 + i),
            Category = categories[i % 3],
            Rank = i,
            Price = i * 1.5,
            InStock = i % 2 == 0,
            Tags = i % 4 == 0 ? ["red", "big"] : i % 4 == 1 ? ["blue"] : [],
            Vector = Enumerable.Range(0, 8).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray(),
        }).ToList();
    }
}
