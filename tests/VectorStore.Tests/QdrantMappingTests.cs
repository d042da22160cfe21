using System.Linq.Expressions;
using Qdrant.Client.Grpc;
using SkPlugins.VectorStore.Filters;
using SkPlugins.VectorStore.Model;
using SkPlugins.VectorStore.Qdrant;
using SkPlugins.VectorStore.Recommend;
using SkPlugins.VectorStore.Records;
using Xunit;
using RecommendStrategy = SkPlugins.VectorStore.Recommend.RecommendStrategy;

namespace SkPlugins.VectorStore.Tests;

/// <summary>The pure Qdrant mapping code: records ↔ points, LINQ ↔ Filter, recommend and creation requests, retries.</summary>
public sealed class QdrantMappingTests
{
    private static readonly RecordCodec<ulong, TestItem> s_codec = new(null);

    private static string F(Expression<Func<TestItem, bool>> filter) => QdrantFilterTranslator.Translate(filter, s_codec.Model).ToString();

    [Fact]
    public void RecordToPointAndBack()
    {
        var item = TestItem.Create(5)[4];
        var point = QdrantPointMapper.ToPoint(item, s_codec);
        Assert.Equal(104UL, point.Id.Num);
        Assert.Equal("b", point.Payload["Category"].StringValue);
        Assert.Equal(4, point.Payload["Rank"].IntegerValue);
        Assert.Equal(6.0, point.Payload["Price"].DoubleValue);
        Assert.True(point.Payload["InStock"].BoolValue);
        Assert.Equal(["red", "big"], point.Payload["Tags"].ListValue.Values.Select(v => v.StringValue));
#pragma warning disable CS0612 // Qdrant.Client's float[] conversion fills the (obsolete) Data field
        var sent = point.Vectors.Vector.Dense?.Data is { Count: > 0 } dense ? dense : point.Vectors.Vector.Data;
#pragma warning restore CS0612
        Assert.Equal(item.Vector.ToArray(), sent);

        var output = new VectorsOutput { Vector = new VectorOutput { Dense = new DenseVector { Data = { item.Vector.ToArray() } } } };
        var back = QdrantPointMapper.FromPoint(point.Id, point.Payload, output, s_codec);
        Assert.Equal((item.Id, item.Category, item.Rank, item.Price, item.InStock), (back.Id, back.Category, back.Rank, back.Price, back.InStock));
        Assert.Equal(item.Tags, back.Tags);
        Assert.Equal(item.Vector.ToArray(), back.Vector.ToArray());
        Assert.True(QdrantPointMapper.FromPoint(point.Id, point.Payload, null, s_codec).Vector.IsEmpty);
    }

    [Fact]
    public void GuidKeysBecomeUuids()
    {
        var codec = new RecordCodec<Guid, SentenceRecord>(RecordDefinitions.Sentences(3));
        var id = Guid.Parse("0b8f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
        var point = QdrantPointMapper.ToPoint(new SentenceRecord { Id = id, Text = "t", Source = "s", Embedding = new float[] { 1, 2, 3 } }, codec);
        Assert.Equal("0b8f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b", point.Id.Uuid);
        Assert.Equal(id, QdrantPointMapper.FromPointId<Guid>(point.Id));
        Assert.Throws<InvalidDataException>(() => QdrantPointMapper.FromPointId<ulong>(point.Id));
    }

    [Fact]
    public void WrongDimensionAndKeyTypeAreClearErrors()
    {
        var bad = new TestItem { Id = 1, Vector = new float[3] };
        Assert.Contains("3 dimensions", Assert.Throws<ArgumentException>(() => QdrantPointMapper.ToPoint(bad, s_codec)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RecordCodec<Guid, TestItem>(null));
    }

    [Fact]
    public void ComparisonsTranslateToMatchAndRange()
    {
        Assert.Equal("""{ "must": [ { "field": { "key": "Category", "match": { "keyword": "a" } } } ] }""", F(x => x.Category == "a"));
        Assert.Equal("""{ "must": [ { "field": { "key": "Rank", "match": { "integer": "3" } } } ] }""", F(x => x.Rank == 3));
        Assert.Equal("""{ "mustNot": [ { "field": { "key": "Category", "match": { "keyword": "a" } } } ] }""", F(x => x.Category != "a"));
        Assert.Equal("""{ "must": [ { "field": { "key": "Rank", "range": { "lt": 10 } } } ] }""", F(x => x.Rank < 10));
        Assert.Equal("""{ "must": [ { "field": { "key": "Rank", "range": { "lte": 10 } } } ] }""", F(x => x.Rank <= 10));
        Assert.Equal("""{ "must": [ { "field": { "key": "Price", "range": { "gt": 2.5 } } } ] }""", F(x => x.Price > 2.5));
        Assert.Equal("""{ "must": [ { "field": { "key": "Price", "range": { "gte": 2.5 } } } ] }""", F(x => x.Price >= 2.5));
        Assert.Equal("""{ "must": [ { "field": { "key": "Rank", "range": { "lt": 7 } } } ] }""", F(x => 7 > x.Rank));
        Assert.Equal("""{ "must": [ { "field": { "key": "InStock", "match": { "boolean": true } } } ] }""", F(x => x.InStock));
        Assert.Equal("""{ "must": [ { "hasId": { "hasId": [ { "num": "105" } ] } } ] }""", F(x => x.Id == 105UL));
    }

    [Fact]
    public void LogicNestsFiltersAndCapturedValuesAreEvaluated()
    {
        var wanted = "b";
        Assert.Equal(
            """{ "must": [ { "field": { "key": "Category", "match": { "keyword": "b" } } }, { "field": { "key": "Rank", "range": { "gt": 1 } } } ] }""",
            F(x => x.Category == wanted && x.Rank > 1));
        Assert.Equal(
            """{ "should": [ { "field": { "key": "Category", "match": { "keyword": "b" } } }, { "field": { "key": "InStock", "match": { "boolean": true } } } ] }""",
            F(x => x.Category == wanted || x.InStock));
        Assert.Equal(
            """{ "mustNot": [ { "filter": { "should": [ { "field": { "key": "Rank", "range": { "lt": 2 } } }, { "field": { "key": "Rank", "range": { "gt": 8 } } } ] } } ] }""",
            F(x => !(x.Rank < 2 || x.Rank > 8)));
    }

    [Fact]
    public void ContainsTranslatesToArrayAndAnyMatches()
    {
        Assert.Equal("""{ "must": [ { "field": { "key": "Tags", "match": { "keyword": "red" } } } ] }""", F(x => x.Tags.Contains("red")));
        var categories = new List<string> { "a", "c" };
        Assert.Equal("""{ "must": [ { "field": { "key": "Category", "match": { "keywords": { "strings": [ "a", "c" ] } } } } ] }""", F(x => categories.Contains(x.Category)));
        Assert.Equal("""{ "must": [ { "field": { "key": "Category", "match": { "keywords": { "strings": [ "a", "c" ] } } } } ] }""", F(x => new[] { "a", "c" }.Contains(x.Category)));
        Assert.Equal("""{ "must": [ { "field": { "key": "Rank", "match": { "integers": { "integers": [ "1", "2" ] } } } } ] }""", F(x => new[] { 1, 2 }.Contains(x.Rank)));
    }

    [Fact]
    public void UnsupportedFiltersAreRejectedWithTheReason()
    {
        Assert.Contains("not supported", Assert.Throws<NotSupportedException>(() => F(x => x.Category.StartsWith('a'))).Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => F(x => x.Rank == x.Price));
        Assert.Throws<NotSupportedException>(() => F(x => x.Category.Length > 2));
    }

    [Fact]
    public void RecommendRequestCarriesExamplesStrategyFilterAndPaging()
    {
        var options = new RecommendOptions<TestItem> { Strategy = RecommendStrategy.BestScore, Filter = x => x.Category != "a", Skip = 2, ScoreThreshold = 0.5, IncludeVectors = true };
        var request = QdrantRequests.Recommend("songs", [1UL, 2UL], [3UL], 5, options, s_codec);
        Assert.Equal("songs", request.CollectionName);
        Assert.Equal([1UL, 2UL], request.Query.Recommend.Positive.Select(p => p.Id.Num));
        Assert.Equal([3UL], request.Query.Recommend.Negative.Select(p => p.Id.Num));
        Assert.Equal(global::Qdrant.Client.Grpc.RecommendStrategy.BestScore, request.Query.Recommend.Strategy);
        Assert.Equal(5UL, request.Limit);
        Assert.Equal(2UL, request.Offset);
        Assert.Equal(0.5f, request.ScoreThreshold);
        Assert.True(request.WithVectors.Enable);
        Assert.Equal("""{ "mustNot": [ { "field": { "key": "Category", "match": { "keyword": "a" } } } ] }""", request.Filter.ToString());

        var average = QdrantRequests.Recommend("songs", [1UL], [], 3, new RecommendOptions<TestItem>(), s_codec);
        Assert.Equal(global::Qdrant.Client.Grpc.RecommendStrategy.AverageVector, average.Query.Recommend.Strategy);
        Assert.False(average.HasScoreThreshold);
        Assert.Null(average.Filter);
        Assert.Throws<ArgumentException>(() => QdrantRequests.Recommend("songs", [], [3UL], 3, new RecommendOptions<TestItem>(), s_codec));
    }

    [Fact]
    public void CollectionCreationOptionsAndPayloadIndexes()
    {
        var options = new QdrantVectorStoreOptions { HnswM = 32, HnswEfConstruct = 200, OnDiskVectors = true };
        var parameters = QdrantRequests.VectorParams(s_codec, options);
        Assert.Equal(8UL, parameters.Size);
        Assert.Equal(Distance.Cosine, parameters.Distance);
        Assert.Equal(32UL, parameters.HnswConfig.M);
        Assert.Equal(200UL, parameters.HnswConfig.EfConstruct);
        Assert.Null(QdrantRequests.Hnsw(new QdrantVectorStoreOptions()));
        Assert.Equal(
            [("Category", PayloadSchemaType.Keyword), ("Rank", PayloadSchemaType.Integer), ("Price", PayloadSchemaType.Float), ("InStock", PayloadSchemaType.Bool), ("Tags", PayloadSchemaType.Keyword)],
            QdrantRequests.PayloadIndexes(s_codec));
        var sentences = new RecordCodec<Guid, SentenceRecord>(RecordDefinitions.Sentences(768));
        Assert.Contains(("Text", PayloadSchemaType.Text), QdrantRequests.PayloadIndexes(sentences));
        Assert.Equal(768, sentences.Dimensions);
    }

    [Fact]
    public async Task UnreachableServerIsOneClearErrorAfterRetries()
    {
        var options = new QdrantVectorStoreOptions { Endpoint = "http://127.0.0.1:1", MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(5) };
        using var store = new QdrantVectorStore(options);
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.VectorData.VectorStoreException>(() => store.CollectionExistsAsync("x"));
        Assert.Contains("http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new QdrantVectorStore(new QdrantVectorStoreOptions { Endpoint = "localhost:6334" }));

        var policy = new QdrantRetryPolicy(new QdrantVectorStoreOptions { RetryDelay = TimeSpan.FromMilliseconds(100) });
        Assert.Equal(80, policy.DelayFor(1, 0).TotalMilliseconds, 3);
        Assert.Equal(480, policy.DelayFor(3, 1).TotalMilliseconds, 3);
        Assert.True(QdrantRetryPolicy.IsTransient(Grpc.Core.StatusCode.Unavailable));
        Assert.False(QdrantRetryPolicy.IsTransient(Grpc.Core.StatusCode.InvalidArgument));
    }

    [Fact]
    public void DeterministicKeysAreStable()
    {
        Assert.Equal(DeterministicKeysExpected.King, Ingestion.DeterministicKeys.ForWord("king"));
        Assert.NotEqual(Ingestion.DeterministicKeys.ForWord("king"), Ingestion.DeterministicKeys.ForWord("King"));
        var id = Ingestion.DeterministicKeys.ForSentence("book", "Hello");
        Assert.Equal(id, Ingestion.DeterministicKeys.ForSentence("book", "Hello"));
        Assert.Equal(8, id.Version);
    }

    private static class DeterministicKeysExpected
    {
        // first 8 bytes (little-endian) of sha256(b"word:king"), computed with Python's hashlib
        public static readonly ulong King = Convert.ToUInt64(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "word_key_king.txt")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
