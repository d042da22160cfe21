using Microsoft.Extensions.AI;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Host.Tour;

/// <summary>
/// A few dozen short sentences on mixed subjects that the tour embeds into the vector store's <c>sentences</c> collection, so the
/// <c>embeddings.search_sentences</c> function and the web page's semantic search have something to search after one <c>tour</c>.
/// </summary>
public static class ChapterSentences
{
    /// <summary>The source label stored with each sentence.</summary>
    public const string Source = "skplugins-tour";

    /// <summary>The sentences.</summary>
    public static IReadOnlyList<string> Lines { get; } =
    [
        "Tokenizers split text into pieces that a language model can look up in its vocabulary.",
        "Byte pair encoding merges the most frequent pairs of symbols until the vocabulary is full.",
        "WordPiece marks the pieces that continue a word with two hash signs.",
        "Capital letters and emoji often cost extra tokens.",
        "Code tokenizers keep runs of spaces and tabs as single tokens.",
        "A sentence embedding turns a whole sentence into one vector of numbers.",
        "Texts with similar meanings get vectors that point in similar directions.",
        "Cosine similarity compares the directions of two vectors.",
        "GloVe learns word vectors from how often words appear together.",
        "King minus man plus woman lands close to queen.",
        "Word2Vec can learn song embeddings from radio playlists.",
        "Songs played on the same station end up near each other.",
        "Heavy metal bands play loud distorted guitars and fast drums.",
        "West coast hip hop grew up in Los Angeles in the early nineties.",
        "Jazz musicians improvise over a chord progression.",
        "Classical orchestras rehearse for weeks before a concert.",
        "A vector database finds the nearest neighbours of a query vector quickly.",
        "An HNSW index trades a little recall for much faster search.",
        "The model generates one token at a time and feeds it back as input.",
        "A key-value cache stops the model from recomputing earlier tokens.",
        "Phi-3 mini is a small language model that runs on a laptop.",
        "The recipe needs two eggs, flour, sugar and a pinch of salt.",
        "Bake the bread for forty minutes until the crust is golden.",
        "Fresh basil and tomatoes make a simple summer salad.",
        "The striker scored twice in the second half.",
        "The marathon route follows the river through the old town.",
        "Tennis players serve from behind the baseline.",
        "It will rain tomorrow morning and clear up in the afternoon.",
        "Snow closed the mountain pass for three days.",
        "The train to the airport leaves every fifteen minutes.",
        "Book a hotel near the station to catch the early flight.",
        "The cat slept all afternoon in a patch of sunlight.",
        "Dogs need a walk at least twice a day.",
        "The stock market fell after the interest rate announcement.",
        "Saving a little every month adds up over the years.",
        "The museum displays paintings from the seventeenth century.",
        "Regular exercise and enough sleep keep the body healthy.",
        "The doctor recommended drinking more water.",
    ];

    /// <summary>Embeds <see cref="Lines"/> and upserts them (keys derived from the text, so running it again keeps one copy of each).</summary>
    /// <param name="store">The vector store.</param>
    /// <param name="generator">The sentence embedding generator.</param>
    /// <param name="collectionName">The collection, <c>sentences</c> by default.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>How many sentences were stored.</returns>
    public static async Task<int> IngestAsync(Microsoft.Extensions.VectorData.VectorStore store, IEmbeddingGenerator<string, Embedding<float>> generator,
        string collectionName = "sentences", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(generator);
        var embeddings = await generator.GenerateAsync(Lines, cancellationToken: cancellationToken);
        var records = Lines.Zip(embeddings, (text, e) => new SentenceRecord { Id = DeterministicKeys.ForSentence(Source, text), Text = text, Source = Source, Embedding = e.Vector }).ToList();
        var collection = store.GetCollection<Guid, SentenceRecord>(collectionName, RecordDefinitions.Sentences(embeddings[0].Vector.Length));
        var result = await VectorIngestion.IngestAsync(collection, records, VectorIngestion.SourceFingerprint(Source + ":" + Lines.Count), total: records.Count, cancellationToken: cancellationToken);
        return (int)result.Count;
    }
}
