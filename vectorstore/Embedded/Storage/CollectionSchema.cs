using System.Text.Json;
using System.Text.Json.Serialization;
using SkPlugins.Core.IO;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>What <c>collection.json</c> records about an embedded collection, checked whenever it is reopened.</summary>
/// <param name="Format">The file format version.</param>
/// <param name="KeyType"><c>ulong</c> or <c>guid</c>.</param>
/// <param name="Dimensions">The vector size.</param>
/// <param name="Distance">The VectorData distance function name.</param>
/// <param name="Fields">The data fields (storage name and type) of the records, so that the collection can be opened without
/// its record type (<see cref="Microsoft.Extensions.VectorData.VectorStore.GetDynamicCollection"/>, the REST API); absent in
/// collections written before it was recorded.</param>
/// <param name="Quantization"><c>int8</c> when the collection keeps an 8-bit copy of its vectors for the scan
/// (<see cref="Embedded.ScanQuantization.Int8"/>), fixed when the collection is created; absent otherwise.</param>
internal sealed record CollectionSchema(
    int Format, string KeyType, int Dimensions, string Distance, IReadOnlyList<SchemaField>? Fields = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Quantization = null)
{
    /// <summary>The value of <see cref="Quantization"/> for <see cref="Embedded.ScanQuantization.Int8"/>.</summary>
    public const string Int8 = "int8";

    /// <summary><see cref="Quantization"/> as the enum (unknown values are refused when the schema is read).</summary>
    [JsonIgnore]
    public ScanQuantization ScanQuantization => Quantization == Int8 ? ScanQuantization.Int8 : ScanQuantization.None;

    /// <summary>The current format.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads a schema file, with a clear error naming it when it is malformed.</summary>
    public static CollectionSchema Read(string path)
    {
        try
        {
            var schema = JsonSerializer.Deserialize<CollectionSchema>(File.ReadAllText(path), s_json)
                ?? throw new InvalidDataException($"'{path}' is empty");
            if (schema.Format != CurrentFormat || schema.Dimensions < 1 || schema.KeyType is not ("ulong" or "guid") || schema.Quantization is not (null or Int8))
            {
                throw new InvalidDataException($"'{path}' is not a collection schema this version understands (format {schema.Format}, key {schema.KeyType}, dimensions {schema.Dimensions}, quantization {schema.Quantization ?? "none"})");
            }

            return schema;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"collection schema '{path}' is corrupt: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the schema atomically.</summary>
    public void Write(string path) => AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, s_json));

    /// <summary>Throws when an existing collection's schema differs from the one asked for.</summary>
    public void EnsureMatches(CollectionSchema requested, string collection)
    {
        if (KeyType != requested.KeyType || Dimensions != requested.Dimensions || Distance != requested.Distance)
        {
            throw new InvalidOperationException(
                $"collection '{collection}' exists with {KeyType} keys, {Dimensions}-d vectors and {Distance}; the record type asks for {requested.KeyType} keys, {requested.Dimensions}-d and {requested.Distance} (delete the collection or use another name)");
        }
    }
}
