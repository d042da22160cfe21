using System.Globalization;
using System.Text;

namespace SkPlugins.Plugins.Songs;

/// <summary>The book's <c>print_recommendations</c>: the song, then its recommendations as an aligned text table.</summary>
public static class SongTable
{
    /// <summary>Formats recommendations as a table with id, title, artist and score columns.</summary>
    /// <param name="recommendations">The song and its recommendations.</param>
    public static string Format(SongRecommendations recommendations)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var song = recommendations.Song;
        var rows = recommendations.Results.Select(r => (Id: r.Id.ToString(CultureInfo.InvariantCulture), r.Title, r.Artist, Score: r.Score.ToString("F4", CultureInfo.InvariantCulture))).ToList();
        int idWidth = Math.Max(2, rows.Select(r => r.Id.Length).DefaultIfEmpty().Max()),
            titleWidth = Math.Max(5, rows.Select(r => r.Title.Length).DefaultIfEmpty().Max()),
            artistWidth = Math.Max(6, rows.Select(r => r.Artist.Length).DefaultIfEmpty().Max());
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Songs like {song.Id}: {song.Title} - {song.Artist}").AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"{"id".PadLeft(idWidth)}  {"title".PadRight(titleWidth)}  {"artist".PadRight(artistWidth)}  score").AppendLine();
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Id.PadLeft(idWidth)}  {row.Title.PadRight(titleWidth)}  {row.Artist.PadRight(artistWidth)}  {row.Score}").AppendLine();
        }

        return text.ToString();
    }
}
