using System.Text.Json;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>Serializes a record's data properties as one UTF-8 JSON object keyed by storage name.</summary>
internal static class PayloadCodec
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.General);

    /// <summary>Encodes the data properties of a record.</summary>
    public static byte[] Encode(object record, IReadOnlyList<DataPropertyModel> properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in properties)
            {
                writer.WritePropertyName(property.StorageName);
                JsonSerializer.Serialize(writer, property.GetValueAsObject(record), property.Type, s_json);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes a payload into a reader of property values.</summary>
    public static Func<DataPropertyModel, object?> Decode(byte[] payload)
    {
        var document = JsonDocument.Parse(payload);
        var root = document.RootElement.Clone();
        document.Dispose();
        return property => root.TryGetProperty(property.StorageName, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Deserialize(property.Type, s_json)
            : null;
    }
}
