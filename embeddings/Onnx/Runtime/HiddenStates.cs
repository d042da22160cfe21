namespace SkPlugins.Embeddings.Onnx.Runtime;

/// <summary>The last hidden state of a padded batch: <c>[batch, sequence, dimensions]</c>, row-major.</summary>
/// <param name="Values">The values.</param>
/// <param name="BatchSize">Rows.</param>
/// <param name="SequenceLength">Padded tokens per row.</param>
/// <param name="Dimensions">Values per token.</param>
internal sealed record HiddenStates(float[] Values, int BatchSize, int SequenceLength, int Dimensions);
