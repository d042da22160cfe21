using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace SkPlugins.VectorStore.Model;

/// <summary>Builds the VectorData collection model for both stores: one vector, keys <see cref="ulong"/> or <see cref="Guid"/> (as Qdrant allows).</summary>
internal sealed class RecordModelBuilder : CollectionModelBuilder
{
    private static readonly HashSet<Type> s_dataTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(float), typeof(double), typeof(DateTimeOffset), typeof(Guid),
        typeof(bool?), typeof(int?), typeof(long?), typeof(float?), typeof(double?), typeof(DateTimeOffset?), typeof(Guid?),
        typeof(string[]), typeof(List<string>), typeof(int[]), typeof(List<int>), typeof(long[]), typeof(List<long>),
    ];

    /// <summary>Creates the builder.</summary>
    public RecordModelBuilder()
        : base(new CollectionModelBuildingOptions { SupportsMultipleVectors = false, RequiresAtLeastOneVector = true })
    {
    }

    /// <inheritdoc />
    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        if (keyProperty.Type != typeof(ulong) && keyProperty.Type != typeof(Guid))
        {
            throw new NotSupportedException($"key property '{keyProperty.ModelName}' is {keyProperty.Type.Name}; keys must be ulong or Guid (as Qdrant allows)");
        }
    }

    /// <inheritdoc />
    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = "string, bool, int, long, float, double, DateTimeOffset, Guid (nullable too), string/int/long arrays or lists";
        return s_dataTypes.Contains(type);
    }

    /// <inheritdoc />
    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = "ReadOnlyMemory<float>, ReadOnlyMemory<float>?, float[]";
        return type == typeof(ReadOnlyMemory<float>) || type == typeof(ReadOnlyMemory<float>?) || type == typeof(float[]);
    }
}
