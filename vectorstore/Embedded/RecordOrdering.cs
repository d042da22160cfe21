using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>Applies a VectorData <c>OrderBy</c> definition to records in memory.</summary>
internal static class RecordOrdering
{
    /// <summary>Sorts <paramref name="records"/> by the definition's keys (stable).</summary>
    public static IEnumerable<TRecord> Apply<TRecord>(List<TRecord> records, FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition definition)
    {
        IOrderedEnumerable<TRecord>? ordered = null;
        foreach (var sort in definition.Values)
        {
            var selector = sort.PropertySelector.Compile();
            ordered = ordered is null
                ? (sort.Ascending ? records.OrderBy(selector, Comparer<object?>.Default) : records.OrderByDescending(selector, Comparer<object?>.Default))
                : (sort.Ascending ? ordered.ThenBy(selector, Comparer<object?>.Default) : ordered.ThenByDescending(selector, Comparer<object?>.Default));
        }

        return ordered ?? (IEnumerable<TRecord>)records;
    }
}
