using Microsoft.ML.Tokenizers;

namespace SkPlugins.Tokenization;

/// <summary>Gives tokenizers by Hugging Face repository id (or tiktoken model name), loaded once and cached.</summary>
public interface ITokenizerProvider
{
    /// <summary>Gets a tokenizer.</summary>
    /// <param name="name">A repo id such as <c>bert-base-uncased</c>, <c>microsoft/Phi-3-mini-4k-instruct</c>, or <c>gpt-4o</c>.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    /// <exception cref="SkPlugins.Core.Artifacts.ArtifactNotFoundException">No usable tokenizer file was found; the message says where it looked.</exception>
    Task<Tokenizer> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The known tokenizers (the book's nine and <c>gpt-4o</c>) and whether each can be loaded here without a download.</summary>
    IReadOnlyList<TokenizerAvailability> List();
}
