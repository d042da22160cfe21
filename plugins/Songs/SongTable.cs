using System.Globalization;
using System.Text;

namespace SkPlugins.Plugins.Songs;

/// <summary>The book's <c>print_recommendations</c>: the song, then its recommendations as an aligned text table.</summary>
public static class SongTable
{
    /// <summary>
    /// Formats recommendations as a table with id, title, artist and score columns, at most <paramref name="width"/> characters wide:
    /// when long titles or artists would overflow, the wider of the two columns is shortened (ending in "…").
    /// </summary>
    /// <param name="recommendations">The song and its recommendations.</param>
    /// <param name="width">The widest line (80, a classic terminal).</param>
    public static string Format(SongRecommendations recommendations, int width = 80)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var song = recommendations.Song;
        var rows = recommendations.Results.Select(r => (Id: r.Id.ToString(CultureInfo.InvariantCulture), r.Title, r.Artist, Score: r.Score.ToString("F4", CultureInfo.InvariantCulture))).ToList();
        int idWidth = Math.Max(2, rows.Select(r => r.Id.Length).DefaultIfEmpty().Max()),
            titleWidth = Math.Max(5, rows.Select(r => r.Title.Length).DefaultIfEmpty().Max()),
            artistWidth = Math.Max(6, rows.Select(r => r.Artist.Length).DefaultIfEmpty().Max());
        var room = width - idWidth - 6 - 2 - 2 - 2; // id, score and three gaps of two
        while (titleWidth + artistWidth > room && (titleWidth > 12 || artistWidth > 10))
        {
            if (titleWidth >= artistWidth && titleWidth > 12)
            {
                titleWidth--;
            }
            else
            {
                artistWidth--;
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Songs like {song.Id}: {song.Title} - {song.Artist}").AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"{"id".PadLeft(idWidth)}  {"title".PadRight(titleWidth)}  {"artist".PadRight(artistWidth)}  score").AppendLine();
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Id.PadLeft(idWidth)}  {Fit(row.Title, titleWidth)}  {Fit(row.Artist, artistWidth)}  {row.Score}").AppendLine();
        }

        return text.ToString();
    }

    private static string Fit(string text, int width) => text.Length <= width ? text.PadRight(width) : string.Concat(text.AsSpan(0, width - 1), "…");
}
