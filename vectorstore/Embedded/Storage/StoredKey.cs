namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>Converts the collection keys (<see cref="ulong"/> or <see cref="Guid"/>) to the 128-bit key the storage keeps.</summary>
internal static class StoredKey
{
    /// <summary>The stored form of a key.</summary>
    public static UInt128 From<TKey>(TKey key) where TKey : notnull => key switch
    {
        ulong u => new UInt128(0, u),
        Guid g => FromGuid(g),
        _ => throw new NotSupportedException($"key type {typeof(TKey).Name} is not supported"),
    };

    /// <summary>The collection key of a stored key.</summary>
    public static TKey To<TKey>(UInt128 key) where TKey : notnull => (TKey)To(key, typeof(TKey));

    /// <summary>The collection key of a stored key, of <paramref name="keyType"/> (<see cref="ulong"/> or <see cref="Guid"/>).</summary>
    public static object To(UInt128 key, Type keyType)
    {
        if (keyType == typeof(ulong))
        {
            return (ulong)key;
        }

        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[..8], (ulong)(key >> 64));
        BitConverter.TryWriteBytes(bytes[8..], (ulong)key);
        return new Guid(bytes);
    }

    private static UInt128 FromGuid(Guid g)
    {
        Span<byte> bytes = stackalloc byte[16];
        g.TryWriteBytes(bytes);
        return new UInt128(BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..]));
    }
}
