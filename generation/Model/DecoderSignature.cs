using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SkPlugins.Generation.Model;

/// <summary>Checks that a decoder graph has the inputs and outputs its <c>genai_config.json</c> names, with matching cache shapes.</summary>
internal static class DecoderSignature
{
    /// <summary>Validates the session against the configuration.</summary>
    /// <param name="session">The decoder session.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="modelPath">The ONNX file, for messages.</param>
    /// <returns>The element types of the cache and of the logits.</returns>
    /// <exception cref="GenerationModelException">The two disagree; the message names the input or output.</exception>
    public static (TensorElementType Cache, TensorElementType Logits) Validate(InferenceSession session, GenAIConfig config, string modelPath)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var where = $"'{modelPath}' and its {GenAIConfig.FileName}";
        RequireName(inputs, config.InputIdsName, "input", where);
        RequireName(inputs, config.AttentionMaskName, "input", where);
        RequireName(outputs, config.LogitsName, "output", where);
        foreach (var name in new[] { config.InputIdsName, config.AttentionMaskName })
        {
            if (inputs[name].ElementDataType != TensorElementType.Int64)
            {
                throw new GenerationModelException($"{where}: input '{name}' is {inputs[name].ElementDataType}; int64 is supported");
            }
        }

        var known = new HashSet<string>(StringComparer.Ordinal) { config.InputIdsName, config.AttentionMaskName };
        if (config.PositionIdsName is { } positions && inputs.ContainsKey(positions))
        {
            known.Add(positions);
        }

        TensorElementType? cacheType = null;
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            foreach (var name in new[] { config.PastKeyName(layer), config.PastValueName(layer) })
            {
                RequireName(inputs, name, "input", where);
                known.Add(name);
                var meta = inputs[name];
                CheckDimension(meta, 1, config.NumKeyValueHeads, "num_key_value_heads", name, where);
                CheckDimension(meta, 3, config.HeadSize, "head_size", name, where);
                if (meta.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
                {
                    throw new GenerationModelException($"{where}: cache input '{name}' is {meta.ElementDataType}; float32 or float16 is supported");
                }

                cacheType ??= meta.ElementDataType;
            }

            RequireName(outputs, config.PresentKeyName(layer), "output", where);
            RequireName(outputs, config.PresentValueName(layer), "output", where);
        }

        var extra = inputs.Keys.Where(k => !known.Contains(k)).ToList();
        if (extra.Count > 0)
        {
            throw new GenerationModelException($"{where} disagree: the graph has input(s) {string.Join(", ", extra.Select(e => $"'{e}'"))} that the config does not describe (num_hidden_layers = {config.NumHiddenLayers})");
        }

        var logits = outputs[config.LogitsName];
        CheckDimension(logits, 2, config.VocabSize, "vocab_size", config.LogitsName, where);
        if (logits.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw new GenerationModelException($"{where}: logits output '{config.LogitsName}' is {logits.ElementDataType}; float32 or float16 is supported");
        }

        return (cacheType ?? TensorElementType.Float, logits.ElementDataType);
    }

    private static void RequireName(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, string kind, string where)
    {
        if (!metadata.ContainsKey(name))
        {
            throw new GenerationModelException($"{where} disagree: the config names {kind} '{name}' but the graph's {kind}s are {string.Join(", ", metadata.Keys.Select(k => $"'{k}'"))}");
        }
    }

    private static void CheckDimension(NodeMetadata meta, int axis, int expected, string setting, string name, string where)
    {
        var dims = meta.Dimensions;
        if (dims.Length <= axis)
        {
            throw new GenerationModelException($"{where} disagree: '{name}' has rank {dims.Length}, expected more than {axis}");
        }

        if (dims[axis] > 0 && dims[axis] != expected)
        {
            throw new GenerationModelException($"{where} disagree: '{name}' has dimension {dims[axis]} on axis {axis} but {setting} is {expected}");
        }
    }
}
