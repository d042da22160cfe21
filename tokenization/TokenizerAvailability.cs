namespace SkPlugins.Tokenization;

/// <summary>A known tokenizer and where it would come from.</summary>
/// <param name="Name">The name to ask for.</param>
/// <param name="Algorithm">Its model, e.g. "WordPiece", "byte-level BPE", "Unigram (SentencePiece)".</param>
/// <param name="Available">Whether it loads here without a download.</param>
/// <param name="Source">The files or package it loads from, or what is missing.</param>
public sealed record TokenizerAvailability(string Name, string Algorithm, bool Available, string Source);
