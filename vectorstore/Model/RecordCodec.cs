using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace SkPlugins.VectorStore.Model;

/// <summary>Reads and writes keys, data and the vector of a record through its VectorData model; shared by both stores.</summary>
/// <typeparam name="TKey"><see cref="ulong"/> or <see cref="Guid"/>.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
internal sealed class RecordCodec<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    /// <summary>Builds the model of <typeparamref name="TRecord"/> (optionally from a definition).</summary>
    /// <param name="definition">An explicit definition, or null to read the attributes.</param>
    public RecordCodec(VectorStoreCollectionDefinition? definition)
    {
        IsDynamic = typeof(TRecord) == typeof(Dictionary<string, object?>);
        if (!IsDynamic && typeof(TKey) != typeof(ulong) && typeof(TKey) != typeof(Guid))
        {
            throw new NotSupportedException($"key type {typeof(TKey).Name} is not supported; use ulong or Guid");
        }

        Model = IsDynamic
            ? new RecordModelBuilder().BuildDynamic(definition ?? throw new ArgumentNullException(nameof(definition), "a dynamic collection needs a definition"), null)
            : new RecordModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, null);
        if (!IsDynamic && Model.KeyProperty.Type != typeof(TKey))
        {
            throw new ArgumentException($"the record's key property '{Model.KeyProperty.ModelName}' is {Model.KeyProperty.Type.Name}, but the collection's key type is {typeof(TKey).Name}");
        }

        Vector = Model.VectorProperty;
        Dimensions = Vector.Dimensions;
        Distance = Vector.DistanceFunction ?? DistanceFunction.CosineSimilarity;
        if (Distance is not (DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity or DistanceFunction.EuclideanDistance or DistanceFunction.ManhattanDistance))
        {
            throw new NotSupportedException($"distance function '{Distance}' is not supported; use CosineSimilarity, DotProductSimilarity, EuclideanDistance or ManhattanDistance");
        }
    }

    /// <summary>Records are <c>Dictionary&lt;string, object?&gt;</c> described by a definition (VectorData's dynamic collections).</summary>
    public bool IsDynamic { get; }

    /// <summary>The key type: <see cref="ulong"/> or <see cref="Guid"/> (for dynamic collections, the definition's).</summary>
    public Type KeyType => Model.KeyProperty.Type;

    /// <summary>The VectorData model.</summary>
    public CollectionModel Model { get; }

    /// <summary>The single vector property.</summary>
    public VectorPropertyModel Vector { get; }

    /// <summary>The vector dimension.</summary>
    public int Dimensions { get; }

    /// <summary>The distance function (cosine by default).</summary>
    public string Distance { get; }

    /// <summary>The data properties.</summary>
    public IReadOnlyList<DataPropertyModel> Data => Model.DataProperties;

    /// <summary>The record's key.</summary>
    public TKey GetKey(TRecord record) => (TKey)Model.KeyProperty.GetValueAsObject(record)!;

    /// <summary>The record's vector, checked against the dimension.</summary>
    public float[] GetVector(TRecord record)
    {
        var value = Vector.GetValueAsObject(record);
        var vector = value switch
        {
            ReadOnlyMemory<float> m => m.ToArray(),
            float[] a => (float[])a.Clone(),
            null => throw new ArgumentException($"record {GetKey(record)} has no vector in '{Vector.ModelName}'"),
            _ => throw new ArgumentException($"vector property '{Vector.ModelName}' holds a {value.GetType().Name}"),
        };
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"record {GetKey(record)}: vector '{Vector.ModelName}' has {vector.Length} dimensions, the collection expects {Dimensions}");
        }

        return vector;
    }

    /// <summary>Creates a record from stored parts.</summary>
    /// <param name="key">The key.</param>
    /// <param name="readData">Reads one data property's value (already of the property's type), or null.</param>
    /// <param name="vector">The vector, or null when vectors are not included.</param>
    public TRecord Create(TKey key, Func<DataPropertyModel, object?> readData, float[]? vector)
    {
        var record = Model.CreateRecord<TRecord>()!;
        Model.KeyProperty.SetValueAsObject(record, key);
        foreach (var property in Data)
        {
            var value = readData(property);
            if (value is not null || property.IsNullable || IsDynamic) // dynamic records hold every field, null when absent
            {
                property.SetValueAsObject(record, value);
            }
        }

        if (vector is not null)
        {
            Vector.SetValueAsObject(record, Vector.Type == typeof(float[]) ? vector : new ReadOnlyMemory<float>(vector));
        }

        return record;
    }

    /// <summary>Turns a search value into a vector of the collection's dimension.</summary>
    public float[] ToQueryVector<TInput>(TInput value)
    {
        var vector = value switch
        {
            ReadOnlyMemory<float> m => m.ToArray(),
            float[] a => (float[])a.Clone(),
            Microsoft.Extensions.AI.Embedding<float> e => e.Vector.ToArray(),
            _ => throw new NotSupportedException($"search input {typeof(TInput).Name} is not supported: pass ReadOnlyMemory<float>, float[] or Embedding<float> (embed text with an IEmbeddingGenerator first)"),
        };
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"query vector has {vector.Length} dimensions, the collection expects {Dimensions}", nameof(value));
        }

        return vector;
    }
}
