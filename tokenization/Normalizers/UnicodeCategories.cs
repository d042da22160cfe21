using System.Globalization;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Character classes as the Rust <c>tokenizers</c> crate defines them.</summary>
internal static class UnicodeCategories
{
    /// <summary>Rust <c>char::is_whitespace</c> (White_Space property).</summary>
    public static bool IsWhitespace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        >= 0x2000 and <= 0x200A => true,
        _ => false,
    };

    /// <summary>The CJK ideograph blocks BERT surrounds with spaces.</summary>
    public static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>BERT punctuation: ASCII symbol ranges plus every Unicode punctuation category.</summary>
    public static bool IsBertPunctuation(int cp)
    {
        if (cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>Rust <c>char::is_numeric</c>: Nd, Nl and No.</summary>
    public static bool IsNumeric(int cp) =>
        CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary>The code point at <paramref name="index"/> spanning <paramref name="length"/> chars (a lone surrogate as itself).</summary>
    public static int ConvertToUtf32OrSelf(this string s, int index, int length) =>
        length == 2 ? char.ConvertToUtf32(s[index], s[index + 1]) : s[index];
}
