using Google.Protobuf.Collections;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using Qdrant.Client.Grpc;
using SkPlugins.VectorStore.Model;

namespace SkPlugins.VectorStore.Qdrant;

/// <summary>Maps records to Qdrant points and back: key → point id (number or UUID), data properties → payload under
/// their storage names, the vector → the point's unnamed dense vector.</summary>
internal static class QdrantPointMapper
{
    /// <summary>The Qdrant distance of a VectorData distance function.</summary>
    public static Distance ToDistance(string distance) => distance switch
    {
        DistanceFunction.CosineSimilarity => Distance.Cosine,
        DistanceFunction.DotProductSimilarity => Distance.Dot,
        DistanceFunction.EuclideanDistance => Distance.Euclid,
        DistanceFunction.ManhattanDistance => Distance.Manhattan,
        _ => throw new NotSupportedException($"distance function '{distance}' has no Qdrant equivalent"),
    };

    /// <summary>The point id of a key.</summary>
    public static PointId ToPointId<TKey>(TKey key) where TKey : notnull => key switch
    {
        ulong u => new PointId { Num = u },
        Guid g => new PointId { Uuid = g.ToString("D") },
        _ => throw new NotSupportedException($"key type {typeof(TKey).Name} is not supported"),
    };

    /// <summary>The key of a point id.</summary>
    public static TKey FromPointId<TKey>(PointId id) where TKey : notnull =>
        typeof(TKey) == typeof(object) // dynamic collections: the id as it is stored
            ? (TKey)(id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Num ? id.Num : (object)Guid.Parse(id.Uuid))
            : typeof(TKey) == typeof(ulong)
            ? id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Num ? (TKey)(object)id.Num : throw new InvalidDataException($"point id '{id.Uuid}' is a UUID; the collection's keys are ulong")
            : id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid ? (TKey)(object)Guid.Parse(id.Uuid) : throw new InvalidDataException($"point id {id.Num} is a number; the collection's keys are Guid");

    /// <summary>The point of a record.</summary>
    public static PointStruct ToPoint<TKey, TRecord>(TRecord record, RecordCodec<TKey, TRecord> codec)
        where TKey : notnull
        where TRecord : class
    {
        var point = new PointStruct { Id = ToPointId(codec.GetKey(record)), Vectors = codec.GetVector(record) };
        foreach (var property in codec.Data)
        {
            point.Payload[property.StorageName] = ToValue(property.GetValueAsObject(record));
        }

        return point;
    }

    /// <summary>The record of a retrieved or scored point.</summary>
    public static TRecord FromPoint<TKey, TRecord>(PointId id, MapField<string, Value> payload, VectorsOutput? vectors, RecordCodec<TKey, TRecord> codec)
        where TKey : notnull
        where TRecord : class
    {
        float[]? vector = null;
        if (vectors?.Vector?.GetDenseVector() is { } dense)
        {
            vector = [.. dense.Data];
        }

        return codec.Create(FromPointId<TKey>(id), property => payload.TryGetValue(property.StorageName, out var value) ? FromValue(value, property.Type, property) : null, vector);
    }

    /// <summary>A payload value of a CLR value.</summary>
    public static Value ToValue(object? value) => value switch
    {
        null => new Value { NullValue = NullValue.NullValue },
        string s => new Value { StringValue = s },
        bool b => new Value { BoolValue = b },
        int or long or short or byte or uint => new Value { IntegerValue = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) },
        float or double => new Value { DoubleValue = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) },
        Guid g => new Value { StringValue = g.ToString("D") },
        DateTimeOffset d => new Value { StringValue = d.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
        System.Collections.IEnumerable list => List(list),
        _ => throw new NotSupportedException($"payload values of type {value.GetType().Name} are not supported"),
    };

    /// <summary>A CLR value of a payload value.</summary>
    public static object? FromValue(Value value, Type type, DataPropertyModel? property = null)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value.KindCase == Value.KindOneofCase.NullValue)
        {
            return null;
        }

        try
        {
            if (target == typeof(string))
            {
                return value.StringValue;
            }

            if (target == typeof(bool))
            {
                return value.BoolValue;
            }

            if (target == typeof(int))
            {
                return checked((int)value.IntegerValue);
            }

            if (target == typeof(long))
            {
                return value.IntegerValue;
            }

            if (target == typeof(double))
            {
                return value.KindCase == Value.KindOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;
            }

            if (target == typeof(float))
            {
                return (float)(value.KindCase == Value.KindOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue);
            }

            if (target == typeof(Guid))
            {
                return Guid.Parse(value.StringValue);
            }

            if (target == typeof(DateTimeOffset))
            {
                return DateTimeOffset.Parse(value.StringValue, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (target == typeof(string[]) || target == typeof(List<string>))
            {
                var strings = value.ListValue.Values.Select(v => v.StringValue).ToList();
                return target == typeof(string[]) ? strings.ToArray() : strings;
            }

            if (target == typeof(int[]) || target == typeof(List<int>))
            {
                var ints = value.ListValue.Values.Select(v => checked((int)v.IntegerValue)).ToList();
                return target == typeof(int[]) ? ints.ToArray() : ints;
            }

            if (target == typeof(long[]) || target == typeof(List<long>))
            {
                var longs = value.ListValue.Values.Select(v => v.IntegerValue).ToList();
                return target == typeof(long[]) ? longs.ToArray() : longs;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new InvalidDataException($"payload field '{property?.StorageName}' holds {value.KindCase}, which does not convert to {type.Name}", ex);
        }

        throw new NotSupportedException($"payload field '{property?.StorageName}' has unsupported type {type.Name}");
    }

    /// <summary>The payload index schema of a data property, or null when it cannot be indexed.</summary>
    public static PayloadSchemaType? IndexSchema(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(string[]) || t == typeof(List<string>) || t == typeof(Guid) ? PayloadSchemaType.Keyword
            : t == typeof(int) || t == typeof(long) || t == typeof(int[]) || t == typeof(List<int>) || t == typeof(long[]) || t == typeof(List<long>) ? PayloadSchemaType.Integer
            : t == typeof(float) || t == typeof(double) ? PayloadSchemaType.Float
            : t == typeof(bool) ? PayloadSchemaType.Bool
            : t == typeof(DateTimeOffset) ? PayloadSchemaType.Datetime
            : null;
    }

    private static Value List(System.Collections.IEnumerable items)
    {
        var list = new ListValue();
        foreach (var item in items)
        {
            list.Values.Add(ToValue(item));
        }

        return new Value { ListValue = list };
    }
}
