using System.Globalization;
using System.Runtime.InteropServices;
using SkPlugins.Core.Onnx;
using Xunit;

namespace SkPlugins.Core.Tests.Onnx;

/// <summary>
/// <see cref="TransparentHugePages"/>: which memory counts as new, and that resident new memory lands on huge pages with its
/// contents intact while memory never touched stays unallocated (read back from the kernel's <c>/proc/self/smaps</c>).
/// </summary>
public sealed unsafe partial class TransparentHugePagesTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public void NewRangesAreWhatNoEarlierMappingCovers()
    {
        // A mapping that grew at both ends around an old one, a brand-new one, and an unchanged one.
        var before = new List<(long, long)> { (100, 200), (500, 600) };
        var after = new List<(long, long)> { (50, 250), (300, 400), (500, 600) };
        Assert.Equal([(50L, 100L), (200L, 250L), (300L, 400L)], TransparentHugePages.NewRanges(after, before).ToArray());

        // Two old mappings merged into one with a gap filled between them.
        Assert.Equal([(200L, 500L)], TransparentHugePages.NewRanges([(100, 600)], before).ToArray());
        Assert.Empty(TransparentHugePages.NewRanges(before, before));
    }

    [SkippableFact]
    public void ResidentNewMemoryMovesToHugePagesAndUntouchedMemoryStaysUnallocated()
    {
        Skip.IfNot(TransparentHugePages.Available, "transparent huge pages are not available here (not Linux, or the kernel's mode is never)");
        var before = TransparentHugePages.Snapshot();
        const long Size = 128 * MiB;
        var block = (byte*)NativeMemory.AlignedAlloc((nuint)Size, (nuint)(2 * MiB));
        try
        {
            var touched = new Span<byte>(block, (int)(Size / 2));
            for (var i = 0; i < touched.Length; i += 4096)
            {
                touched[i] = (byte)(i / 4096);
            }

            var (collapsed, refused) = TransparentHugePages.CollapseNewMemory(before);
            Skip.If(collapsed == 0 && refused > 0, "the kernel refused MADV_COLLAPSE (Linux before 6.1, or no free huge page)");
            Assert.True(collapsed >= Size / 2 - (2 * MiB), $"{collapsed >> 20} MiB collapsed; the 64 MiB touched should be");

            var hugePages = HugePagesOfMapping((nint)block);
            Assert.True(hugePages >= Size / 2 - (2 * MiB), $"{hugePages >> 20} MiB of the block's mapping on huge pages");
            var residency = new byte[Size / 2 / Environment.SystemPageSize];
            Assert.Equal(0, Mincore((nint)(block + (Size / 2)), (nuint)(Size / 2), residency));
            Assert.True(Array.TrueForAll(residency, b => (b & 1) == 0), "the untouched half of the block was allocated");
            for (var i = 0; i < touched.Length; i += 4096)
            {
                Assert.Equal((byte)(i / 4096), touched[i]);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(block);
        }
    }

    /// <summary>The huge-page bytes of the mapping holding <paramref name="address"/>.</summary>
    private static long HugePagesOfMapping(nint address)
    {
        long huge = -1;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal) && line.IndexOf(' ', StringComparison.Ordinal) > line.IndexOf('-', StringComparison.Ordinal))
            {
                var range = line[..line.IndexOf(' ', StringComparison.Ordinal)].Split('-');
                var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                huge = Kilobytes(line) * 1024;
            }
        }

        return huge;
    }

    [LibraryImport("libc", EntryPoint = "mincore")]
    private static partial int Mincore(nint address, nuint length, [Out] byte[] vector);

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
