namespace SkPlugins.Generation.Constraints;

/// <summary>GPT-2's <c>bytes_to_unicode</c>: printable bytes stand for themselves, the others are shifted to U+0100 and up.</summary>
internal static class ByteLevelAlphabet
{
    /// <summary>The inverse table: character to byte.</summary>
    public static Dictionary<char, byte> UnicodeToByte()
    {
        var map = new Dictionary<char, byte>();
        var shifted = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[printable ? (char)b : (char)(256 + shifted++)] = (byte)b;
        }

        return map;
    }
}
