using System.Text.Json;
using SkPlugins.WordVectors;
using SkPlugins.TestSupport;

namespace SkPlugins.WordVectors.Tests;

/// <summary>Paths of shared data and committed expected data, and the GloVe slice loaded once.</summary>
internal static class TestFiles
{
    private static readonly Lazy<KeyedVectors> s_glove = new(() => WordVectorFile.Load(GlovePath));

    public static string GlovePath => SharedData.PathOf(SharedData.GloveSlice);

    public static string GensimData(string file) => SharedData.Require(Path.Combine("mirror", "datasets", "gensim-test-data", file));

    public static string Yes(string file) => SharedData.Require(Path.Combine("mirror", "datasets", "yes_complete", file));

    public static string TagmixPlaylists => SharedData.Require(Path.Combine("mirror", "datasets", "tagmix-playlists", "train.txt"));

    /// <summary>The GloVe slice; skips the test when ../shared is absent.</summary>
    public static KeyedVectors Glove
    {
        get
        {
            SharedData.Require(SharedData.GloveSlice);
            return s_glove.Value;
        }
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(TestData(name))).RootElement;
}
