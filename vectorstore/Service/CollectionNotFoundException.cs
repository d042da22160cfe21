namespace SkPlugins.VectorStore.Service;

/// <summary>The named collection does not exist (REST answers 404).</summary>
public sealed class CollectionNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CollectionNotFoundException()
        : base("the collection does not exist")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CollectionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CollectionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
