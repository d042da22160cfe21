using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkPlugins.Tokenization.Decoders;
using SkPlugins.Tokenization.Normalizers;
using SkPlugins.Tokenization.PostProcessors;
using SkPlugins.Tokenization.PreTokenizers;

namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>Reads the normalizer, pre-tokenizer, post-processor and decoder sections of a <c>tokenizer.json</c>.</summary>
internal static class TokenizerJsonComponents
{
    /// <summary>The <c>normalizer</c> section; sets <paramref name="byteLevel"/> for a ByteLevel normalizer.</summary>
    public static TextNormalizer? Normalizer(JsonElement e, string file, ref bool byteLevel)
    {
        if (e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var type = Type(e, file, "normalizer");
        switch (type)
        {
            case "Sequence":
                var list = new List<TextNormalizer>();
                foreach (var child in e.GetProperty("normalizers").EnumerateArray())
                {
                    if (Normalizer(child, file, ref byteLevel) is { } n)
                    {
                        list.Add(n);
                    }
                }

                return new SequenceNormalizer(list);
            case "BertNormalizer":
                return new BertTextNormalizer(Bool(e, "clean_text", true), Bool(e, "handle_chinese_chars", true), NullableBool(e, "strip_accents"), Bool(e, "lowercase", true));
            case "NFC":
                return new UnicodeFormNormalizer(NormalizationForm.FormC);
            case "NFD":
                return new UnicodeFormNormalizer(NormalizationForm.FormD);
            case "NFKC":
                return new UnicodeFormNormalizer(NormalizationForm.FormKC);
            case "NFKD":
                return new UnicodeFormNormalizer(NormalizationForm.FormKD);
            case "Lowercase":
                return new LowercaseNormalizer();
            case "StripAccents":
                return new StripAccentsNormalizer();
            case "Strip":
                return new StripNormalizer(Bool(e, "strip_left", true), Bool(e, "strip_right", true));
            case "Replace":
                return new ReplaceNormalizer(Pattern(e.GetProperty("pattern"), file), String(e, "content") ?? string.Empty);
            case "Prepend":
                return new PrependNormalizer(String(e, "prepend") ?? string.Empty);
            case "Precompiled":
                var charsmap = String(e, "precompiled_charsmap");
                return string.IsNullOrEmpty(charsmap) ? null : new PrecompiledNormalizer(Convert.FromBase64String(charsmap));
            case "ByteLevel":
                byteLevel = true;
                return null;
            default:
                throw new NotSupportedException($"{file}: normalizer type '{type}' is not supported");
        }
    }

    /// <summary>The <c>pre_tokenizer</c> section; sets <paramref name="byteLevel"/> when a ByteLevel pre-tokenizer is present.</summary>
    public static TextPreTokenizer? PreTokenizer(JsonElement e, string file, ref bool byteLevel)
    {
        if (e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var type = Type(e, file, "pre_tokenizer");
        switch (type)
        {
            case "Sequence":
                var list = new List<TextPreTokenizer>();
                foreach (var child in e.GetProperty("pretokenizers").EnumerateArray())
                {
                    if (PreTokenizer(child, file, ref byteLevel) is { } p)
                    {
                        list.Add(p);
                    }
                }

                return new SequencePreTokenizer(list);
            case "ByteLevel":
                byteLevel = true;
                return new ByteLevelPreTokenizer(Bool(e, "add_prefix_space", true), Bool(e, "use_regex", true));
            case "Metaspace":
                return new MetaspacePreTokenizer(Replacement(e), PrependScheme(e), Bool(e, "split", true));
            case "WhitespaceSplit":
                return CharacterClassPreTokenizer.WhitespaceSplit();
            case "Whitespace":
                return CharacterClassPreTokenizer.Whitespace();
            case "BertPreTokenizer":
                return CharacterClassPreTokenizer.Bert();
            case "Digits":
                return CharacterClassPreTokenizer.Digits(Bool(e, "individual_digits", false));
            case "Punctuation":
                return CharacterClassPreTokenizer.Punctuation(Behavior(e, file, SplitBehavior.Isolated));
            case "Split":
                return new RegexSplitPreTokenizer(Pattern(e.GetProperty("pattern"), file), Behavior(e, file, SplitBehavior.Isolated), Bool(e, "invert", false));
            default:
                throw new NotSupportedException($"{file}: pre-tokenizer type '{type}' is not supported");
        }
    }

    /// <summary>The <c>post_processor</c> section as a template.</summary>
    public static TemplatePostProcessor PostProcessor(JsonElement e, string file, Func<string, int?> tokenToId)
    {
        if (e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return TemplatePostProcessor.None;
        }

        var type = Type(e, file, "post_processor");
        switch (type)
        {
            case "TemplateProcessing":
                var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
                if (e.TryGetProperty("special_tokens", out var st) && st.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in st.EnumerateObject())
                    {
                        specials[p.Name] = p.Value.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                    }
                }

                var before = new List<int>();
                var after = new List<int>();
                var seenSequence = false;
                foreach (var piece in e.GetProperty("single").EnumerateArray())
                {
                    if (piece.TryGetProperty("Sequence", out _))
                    {
                        seenSequence = true;
                    }
                    else if (piece.TryGetProperty("SpecialToken", out var special))
                    {
                        var id = special.GetProperty("id").GetString()!;
                        var ids = specials.TryGetValue(id, out var known) ? known : tokenToId(id) is { } single ? [single]
                            : throw new FormatException($"{file}: post_processor special token '{id}' has no id");
                        (seenSequence ? after : before).AddRange(ids);
                    }
                }

                return new TemplatePostProcessor(before, after);
            case "BertProcessing" or "RobertaProcessing":
                return new TemplatePostProcessor([e.GetProperty("cls")[1].GetInt32()], [e.GetProperty("sep")[1].GetInt32()]);
            case "ByteLevel":
                return TemplatePostProcessor.None;
            case "Sequence":
                var combined = TemplatePostProcessor.None;
                foreach (var child in e.GetProperty("processors").EnumerateArray())
                {
                    var p = PostProcessor(child, file, tokenToId);
                    if (!p.IsEmpty)
                    {
                        combined = p;
                    }
                }

                return combined;
            default:
                throw new NotSupportedException($"{file}: post-processor type '{type}' is not supported");
        }
    }

    /// <summary>The <c>decoder</c> section.</summary>
    public static TokenDecoder? Decoder(JsonElement e, string file)
    {
        if (e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var type = Type(e, file, "decoder");
        return type switch
        {
            "Sequence" => new SequenceDecoder(e.GetProperty("decoders").EnumerateArray().Select(d => Decoder(d, file)).OfType<TokenDecoder>().ToList()),
            "ByteLevel" => new ByteLevelDecoder(),
            "Metaspace" => new MetaspaceDecoder(Replacement(e), PrependScheme(e) != MetaspacePrependScheme.Never),
            "WordPiece" => new WordPieceDecoder(String(e, "prefix") ?? "##", Bool(e, "cleanup", true)),
            "Replace" => new ReplaceDecoder(Pattern(e.GetProperty("pattern"), file), String(e, "content") ?? string.Empty),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder((String(e, "content") ?? " ")[0], Int(e, "start"), Int(e, "stop")),
            "BPEDecoder" => new BpeSuffixDecoder(String(e, "suffix") ?? "</w>"),
            _ => throw new NotSupportedException($"{file}: decoder type '{type}' is not supported"),
        };
    }

    internal static string Type(JsonElement e, string file, string section) =>
        e.TryGetProperty("type", out var t) && t.GetString() is { } s ? s : throw new FormatException($"{file}: {section} has no 'type'");

    internal static bool Bool(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    internal static bool? NullableBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    internal static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    private static char Replacement(JsonElement e) => (String(e, "replacement") ?? "\u2581") is { Length: > 0 } r ? r[0] : '\u2581';

    private static MetaspacePrependScheme PrependScheme(JsonElement e) => String(e, "prepend_scheme") switch
    {
        "always" => MetaspacePrependScheme.Always,
        "first" => MetaspacePrependScheme.First,
        "never" => MetaspacePrependScheme.Never,
        _ => Bool(e, "add_prefix_space", true) ? MetaspacePrependScheme.Always : MetaspacePrependScheme.Never,
    };

    private static SplitBehavior Behavior(JsonElement e, string file, SplitBehavior fallback) => String(e, "behavior") switch
    {
        null => fallback,
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        var other => throw new NotSupportedException($"{file}: split behavior '{other}' is not supported"),
    };

    private static Regex Pattern(JsonElement pattern, string file)
    {
        if (pattern.TryGetProperty("String", out var literal))
        {
            return new Regex(Regex.Escape(literal.GetString() ?? string.Empty), RegexOptions.CultureInvariant);
        }

        if (pattern.TryGetProperty("Regex", out var regex))
        {
            return OnigurumaRegex.Create(regex.GetString() ?? string.Empty);
        }

        throw new FormatException($"{file}: pattern is neither 'String' nor 'Regex'");
    }

    /// <summary>Parses a hexadecimal byte (used for <c>&lt;0xXX&gt;</c> tokens).</summary>
    internal static bool TryParseHexByte(string s, out byte value) => byte.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
}
