namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>A training progress report (about once a second).</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">All epochs.</param>
/// <param name="Fraction">Overall progress in [0, 1].</param>
/// <param name="WordsPerSecond">Raw corpus words processed per second so far.</param>
/// <param name="Alpha">The current learning rate.</param>
public sealed record Word2VecProgress(int Epoch, int Epochs, double Fraction, double WordsPerSecond, double Alpha);
