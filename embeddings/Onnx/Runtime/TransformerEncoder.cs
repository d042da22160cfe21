using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SkPlugins.Embeddings.Onnx.Runtime;

/// <summary>
/// Runs an encoder-only transformer exported to ONNX (<c>input_ids</c>, <c>attention_mask</c>, optional <c>token_type_ids</c>
/// → a <c>[batch, sequence, hidden]</c> output). Thread-safe: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> may be called concurrently.
/// </summary>
internal sealed class TransformerEncoder : IDisposable
{
    private static readonly string[] s_preferredOutputs = ["last_hidden_state", "token_embeddings", "hidden_states"];
    private readonly InferenceSession _session;
    private readonly string _inputIdsName;
    private readonly string _attentionMaskName;
    private readonly string? _tokenTypeIdsName;
    private readonly string[] _outputNames;

    /// <summary>Wraps <paramref name="session"/>, checking that it has the inputs and the hidden-state output an encoder needs.</summary>
    /// <param name="session">The session; owned and disposed by this encoder.</param>
    /// <param name="location">Names the model in errors.</param>
    /// <exception cref="InvalidDataException">The model lacks the inputs or a rank-3 float output.</exception>
    public TransformerEncoder(InferenceSession session, string location)
    {
        _session = session;
        try
        {
            var inputs = session.InputMetadata;
            _inputIdsName = inputs.Keys.FirstOrDefault(k => k == "input_ids")
                ?? throw new InvalidDataException($"{location}: the model has no 'input_ids' input (inputs: {string.Join(", ", inputs.Keys)}).");
            _attentionMaskName = inputs.Keys.FirstOrDefault(k => k == "attention_mask")
                ?? throw new InvalidDataException($"{location}: the model has no 'attention_mask' input (inputs: {string.Join(", ", inputs.Keys)}).");
            _tokenTypeIdsName = inputs.Keys.FirstOrDefault(k => k == "token_type_ids");
            var unknown = inputs.Keys.Except([_inputIdsName, _attentionMaskName, _tokenTypeIdsName ?? string.Empty]).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidDataException($"{location}: unexpected model inputs {string.Join(", ", unknown)}; an encoder takes input_ids, attention_mask and optionally token_type_ids.");
            }

            foreach (var name in new[] { _inputIdsName, _attentionMaskName, _tokenTypeIdsName })
            {
                if (name is not null && inputs[name].ElementDataType != TensorElementType.Int64)
                {
                    throw new InvalidDataException($"{location}: input '{name}' is {inputs[name].ElementDataType}; int64 is expected.");
                }
            }

            var hidden = session.OutputMetadata
                .Where(o => o.Value.IsTensor && o.Value.ElementDataType == TensorElementType.Float && o.Value.Dimensions.Length == 3)
                .OrderBy(o => Array.IndexOf(s_preferredOutputs, o.Key) is var i && i >= 0 ? i : int.MaxValue)
                .Select(o => (o.Key, Dimensions: o.Value.Dimensions[2]))
                .FirstOrDefault();
            if (hidden.Key is null)
            {
                throw new InvalidDataException(
                    $"{location}: the model has no hidden-state output (a float tensor [batch, sequence, hidden]); outputs: "
                    + string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key} {o.Value.ElementDataType}[{string.Join(",", o.Value.Dimensions)}]")) + ".");
            }

            OutputName = hidden.Key;
            _outputNames = [hidden.Key];
            DeclaredDimensions = hidden.Dimensions > 0 ? hidden.Dimensions : null;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The name of the hidden-state output used.</summary>
    public string OutputName { get; }

    /// <summary>The hidden size when the model declares it statically, else null.</summary>
    public int? DeclaredDimensions { get; }

    /// <summary>Runs one padded batch.</summary>
    /// <param name="batch">Token ids per row (each already truncated, special tokens included).</param>
    /// <param name="paddingId">The id used to fill short rows.</param>
    public HiddenStates Run(IReadOnlyList<IReadOnlyList<int>> batch, int paddingId)
    {
        var rows = batch.Count;
        var length = batch.Max(r => r.Count);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            var row = batch[r];
            var offset = r * length;
            for (var t = 0; t < length; t++)
            {
                var real = t < row.Count;
                ids[offset + t] = real ? row[t] : paddingId;
                mask[offset + t] = real ? 1 : 0;
            }
        }

        long[] shape = [rows, length];
        var names = new List<string>(3) { _inputIdsName, _attentionMaskName };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _tokenTypeIdsName is null ? null : OrtValue.CreateTensorValueFromMemory(new long[rows * length], shape);
        var values = new List<OrtValue>(3) { idsValue, maskValue };
        if (typesValue is not null)
        {
            names.Add(_tokenTypeIdsName!);
            values.Add(typesValue);
        }

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, _outputNames);
        var output = outputs[0];
        var outputShape = output.GetTensorTypeAndShape().Shape;
        if (outputShape.Length != 3 || outputShape[0] != rows || outputShape[1] != length)
        {
            throw new InvalidDataException($"output '{OutputName}' has shape [{string.Join(",", outputShape)}]; [{rows},{length},hidden] was expected.");
        }

        return new HiddenStates(output.GetTensorDataAsSpan<float>().ToArray(), rows, length, (int)outputShape[2]);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
