namespace SkPlugins.Tokenization.Models;

/// <summary>GPT-2's <c>bytes_to_unicode</c>: every byte as a printable character, and back.</summary>
internal static class ByteLevelAlphabet
{
    /// <summary>The character standing for each byte.</summary>
    public static readonly char[] ByteToChar = Build();

    /// <summary>The byte each alphabet character stands for (-1 for other characters), indexed by char up to 0x144.</summary>
    public static readonly short[] CharToByte = Invert(ByteToChar);

    private static char[] Build()
    {
        var map = new char[256];
        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + n++);
        }

        return map;
    }

    private static short[] Invert(char[] map)
    {
        var inverse = new short[0x145];
        Array.Fill(inverse, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            inverse[map[b]] = (short)b;
        }

        return inverse;
    }

    /// <summary>The byte of an alphabet character, or -1.</summary>
    public static int ToByte(char c) => c < CharToByte.Length ? CharToByte[c] : -1;
}
