using System.Globalization;
using System.Runtime.InteropServices;

namespace SkPlugins.Core.Onnx;

/// <summary>
/// Moves the memory a session filled while it was created (on the CPU: its weights, prepacked by ONNX Runtime into heap blocks)
/// onto 2 MiB transparent huge pages, on Linux. A decoder reads every weight once per generated token — 2.3 GB for a
/// Phi-3-mini-shaped int4 model — and with 4 KiB pages that is a TLB miss every 4 KiB; on huge pages the same run takes about a
/// fifth less CPU (measured on the README's benchmark machine). Kernels in the default <c>madvise</c> mode give huge pages only to
/// memory that asks, and ONNX Runtime's allocator does not ask, so after the session is created each fully resident, 2 MiB-aligned
/// stretch of anonymous memory that appeared meanwhile is collapsed in place (<c>MADV_COLLAPSE</c>, Linux 6.1+): the contents stay,
/// nothing is allocated that was not resident, and a stretch the kernel cannot collapse (no free huge page, older kernel) simply
/// stays on small pages. The mappings are deliberately not marked <c>MADV_HUGEPAGE</c>: marked, every later fault in them (the
/// heap the allocator keeps growing and trimming during runs) takes and zeroes a whole huge page: a benchmark run with them marked
/// counted tens of thousands of huge-page faults and took 57 s instead of 42 s to prefill 1,000 tokens. Nothing happens elsewhere or when the kernel's mode is <c>never</c>.
/// </summary>
internal static partial class TransparentHugePages
{
    private const int MadviseCollapse = 25;
    private const long HugePage = 2L << 20;
    private const string ModeFile = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>Whether this process can ask for huge pages: Linux with transparent huge pages not turned off.</summary>
    public static bool Available => OperatingSystem.IsLinux() && File.Exists(ModeFile) && !File.ReadAllText(ModeFile).Contains("[never]", StringComparison.Ordinal);

    /// <summary>The process's anonymous read-write mappings now, to compare with after a session is created.</summary>
    public static IReadOnlyList<(long Start, long End)> Snapshot() => Available ? AnonymousMappings() : [];

    /// <summary>Collapses the resident 2 MiB stretches of anonymous memory mapped since <paramref name="before"/> onto huge pages.</summary>
    /// <param name="before">The mappings of <see cref="Snapshot"/>.</param>
    /// <returns>The bytes now on huge pages, and the bytes the kernel refused.</returns>
    public static (long Collapsed, long Refused) CollapseNewMemory(IReadOnlyList<(long Start, long End)> before)
    {
        if (!Available)
        {
            return (0, 0);
        }

        long collapsed = 0, refused = 0;
        foreach (var (start, end) in ResidentStretches(NewRanges(AnonymousMappings(), before)))
        {
            var length = (nuint)(end - start);
            if (Madvise((nint)start, length, MadviseCollapse) == 0)
            {
                collapsed += end - start;
            }
            else
            {
                refused += end - start;
            }
        }

        return (collapsed, refused);
    }

    /// <summary>The parts of <paramref name="after"/> that no range of <paramref name="before"/> covers (mappings merge and grow).</summary>
    internal static IEnumerable<(long Start, long End)> NewRanges(IReadOnlyList<(long Start, long End)> after, IReadOnlyList<(long Start, long End)> before)
    {
        foreach (var (start, end) in after)
        {
            var cursor = start;
            foreach (var (oldStart, oldEnd) in before.Where(b => b.End > start && b.Start < end).OrderBy(b => b.Start))
            {
                if (oldStart > cursor)
                {
                    yield return (cursor, oldStart);
                }

                cursor = Math.Max(cursor, oldEnd);
            }

            if (cursor < end)
            {
                yield return (cursor, end);
            }
        }
    }

    /// <summary>The 2 MiB-aligned stretches of the ranges whose every page is resident, adjacent ones joined.</summary>
    private static IEnumerable<(long Start, long End)> ResidentStretches(IEnumerable<(long Start, long End)> ranges)
    {
        var pageSize = Environment.SystemPageSize;
        var residency = new byte[HugePage / pageSize];
        foreach (var (start, end) in ranges)
        {
            var first = (start + HugePage - 1) & ~(HugePage - 1);
            long runStart = -1;
            for (var chunk = first; chunk + HugePage <= end; chunk += HugePage)
            {
                var resident = Mincore((nint)chunk, (nuint)HugePage, residency) == 0 && Array.TrueForAll(residency, b => (b & 1) != 0);
                if (resident && runStart < 0)
                {
                    runStart = chunk;
                }
                else if (!resident && runStart >= 0)
                {
                    yield return (runStart, chunk);
                    runStart = -1;
                }
            }

            if (runStart >= 0)
            {
                yield return (runStart, first + ((end - first) & ~(HugePage - 1)));
            }
        }
    }

    /// <summary>Anonymous private read-write mappings of <c>/proc/self/maps</c>: no backing file, the <c>[heap]</c> included, stacks not.</summary>
    private static List<(long Start, long End)> AnonymousMappings()
    {
        var mappings = new List<(long Start, long End)>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || !fields[1].StartsWith("rw", StringComparison.Ordinal) || fields[1][3] != 'p' || (fields.Length == 6 && fields[5].Trim() is { Length: > 0 } name && name != "[heap]"))
            {
                continue;
            }

            var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            mappings.Add((long.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }

        return mappings;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int Mincore(nint address, nuint length, [Out] byte[] vector);
}
