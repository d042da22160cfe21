namespace SkPlugins.Generation.Model;

/// <summary>
/// One node of a <see cref="DecoderGraph"/>: its place in the graph's node list, where its field (key included) starts in the
/// graph's bytes, its operator, domain (empty for ai.onnx), name, inputs (an empty name for an absent optional
/// input, so an input's index is its slot), outputs, and an Einsum's equation.
/// </summary>
internal sealed record DecoderNode(
    int Index, int Start, string OpType, string Domain, string Name, List<string> Inputs, List<string> Outputs, string? Equation);
