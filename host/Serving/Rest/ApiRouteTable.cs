namespace SkPlugins.Host.Serving.Rest;

/// <summary>
/// The named REST routes and the kernel functions behind them, in one place so names can be fixed without touching the endpoints.
/// Bodies are named like the command-line options (<c>{"tokenizer":"gpt2","text":"Hello world"}</c>); every function is also served at
/// <c>POST /api/functions/{plugin}/{function}</c>.
/// </summary>
public static class ApiRouteTable
{
    /// <summary>The named routes.</summary>
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("/api/tokens/encode", "tokenizer", "tokenize", "Tokenize text with one tokenizer: ids, token strings and offsets"),
        new("/api/tokens/compare", "tokenizer", "compare_tokenizers", "Compare how several tokenizers split one text"),
        new("/api/embeddings", "embeddings", "embed", "Embed a text with an ONNX sentence-embedding model"),
        new("/api/words/similar", "word_vectors", "similar_words", "The nearest words to a word in the GloVe vectors"),
        new("/api/songs/find", "songs", "find_song", "Find songs by title or artist"),
        new("/api/songs/recommend", "songs", "recommend_songs", "Songs that appear in playlists like a given song"),
        new("/api/generate", "generation", "generate", "Generate text with the local Phi-3 model"),
    ];
}
