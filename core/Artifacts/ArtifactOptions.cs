namespace SkPlugins.Core.Artifacts;

/// <summary>
/// Where artifacts are looked for, bound from the <c>SkPlugins:Artifacts</c> configuration section
/// (mirrors also from <c>SkPlugins:Mirrors</c> and the <c>SKPLUGINS_MIRRORS</c> environment variable).
/// </summary>
public sealed class ArtifactOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "SkPlugins:Artifacts";

    /// <summary>
    /// Explicit locations, checked first: the key is a repo id or data set name (or <c>name/file</c>),
    /// the value a file or a folder holding the artifact's files.
    /// </summary>
    public Dictionary<string, string> Paths { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The Hugging Face hub cache folder (layout <c>models--org--name/snapshots/&lt;rev&gt;/&lt;file&gt;</c>).
    /// Null means <c>HF_HUB_CACHE</c>, else <c>HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c>.
    /// </summary>
    public string? HubCache { get; set; }

    /// <summary>Where downloaded data sets are kept. Null means <c>~/.cache/skplugins/datasets</c>.</summary>
    public string? DatasetCache { get; set; }

    /// <summary>Read-only offline mirror folders (layout <c>hf/&lt;repo-id&gt;/&lt;file&gt;</c> and <c>datasets/&lt;name&gt;/&lt;file&gt;</c>).</summary>
    public List<string> Mirrors { get; } = [];

    /// <summary>When true nothing is downloaded (also set by <c>HF_HUB_OFFLINE=1</c>).</summary>
    public bool Offline { get; set; }

    /// <summary>The Hub endpoint; null means <c>HF_ENDPOINT</c> or <c>https://huggingface.co</c>.</summary>
    public string? HubEndpoint { get; set; }

    /// <summary>The revision asked for when none is given.</summary>
    public string DefaultRevision { get; set; } = "main";

    /// <summary>An access token for gated repositories; null means <c>HF_TOKEN</c>.</summary>
    public string? HubToken { get; set; }

    /// <summary>Overrides of data set base URLs by name (e.g. a local server in tests or a company mirror).</summary>
    public Dictionary<string, string> DatasetEndpoints { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many times an interrupted transfer is resumed before giving up.</summary>
    public int DownloadRetries { get; set; } = 3;
}
