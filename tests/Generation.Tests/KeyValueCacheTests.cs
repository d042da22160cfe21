using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkPlugins.Generation.Decoding;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>Bookkeeping of both cache modes, checked with a recording binding (no model run needed).</summary>
public sealed class KeyValueCacheTests
{
    private static readonly KeyValueCacheLayout s_layout = new(2, 4, 16, TensorElementType.Float16,
        ["past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value"],
        ["present.0.key", "present.0.value", "present.1.key", "present.1.value"]);

    [Fact]
    public void SharedBufferBindsOneBufferAsPastAndPresent()
    {
        using var cache = new SharedBufferKeyValueCache(s_layout, OrtAllocator.DefaultInstance, capacity: 12);
        var target = new RecordingTarget();
        cache.Bind(target);

        Assert.Equal(4, target.Inputs.Count);
        Assert.Equal(4, target.Outputs.Count);
        Assert.Empty(target.DeviceOutputs);
        for (var i = 0; i < 4; i++)
        {
            var buffer = target.Inputs[s_layout.PastNames[i]];
            Assert.Same(buffer, target.Outputs[s_layout.PresentNames[i]]);
            Assert.Same(cache.Buffer(i), buffer);
            var info = buffer.GetTensorTypeAndShape();
            Assert.Equal(new long[] { 2, 4, 12, 16 }, info.Shape);
            Assert.Equal(TensorElementType.Float16, info.ElementDataType);
        }

        Assert.Equal(4, target.Inputs.Values.Distinct().Count());

        // The run writes into the bound buffers: the decode loop binds them once and never fetches the presents.
        Assert.False(cache.NeedsPresents);
    }

    [Fact]
    public void SharedBuffersInHostMemoryHaveThePositionsPastThePromptZeroedForDecodingWhateverTheAllocatorHeldBefore()
    {
        // Buffers of the same size, filled and freed first: the allocator hands their memory to the next requests of that size.
        var dirty = Enumerable.Range(0, 4).Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, s_layout.ElementType, s_layout.Shape(12))).ToArray();
        foreach (var value in dirty)
        {
            value.GetTensorMutableRawData().Fill(0xA5);
            value.Dispose();
        }

        using var cache = new SharedBufferKeyValueCache(s_layout, OrtAllocator.DefaultInstance, capacity: 12);
        cache.Advance([], 6);
        cache.PrepareForDecoding();
        const int RowBytes = 16 * 2;
        for (var i = 0; i < 4; i++)
        {
            var bytes = cache.Buffer(i).GetTensorMutableRawData();
            Assert.Equal(2 * 4 * 12 * RowBytes, bytes.Length);
            for (var block = 0; block < 2 * 4; block++)
            {
                var upcoming = bytes.Slice(((block * 12) + 6) * RowBytes, 6 * RowBytes);
                Assert.True(upcoming.IndexOfAnyExcept((byte)0) < 0, $"buffer {i}, batch row and head {block}: positions 6..11 hold bytes of an earlier allocation");
            }
        }
    }

    [Fact]
    public void ThePoolHandsTheKeptBuffersToARequestTheyFitAndReplacesThemForOneTheyDoNot()
    {
        using var pool = new SharedBufferKeyValueCachePool();
        var first = pool.Rent(s_layout, OrtAllocator.DefaultInstance, capacity: 12);
        var firstBuffer = first.Buffer(0);
        first.Advance([], 7);
        first.Dispose();
        Assert.Equal(12, pool.KeptCapacity);

        // Fits (fewer positions): the same buffers, emptied.
        var second = pool.Rent(s_layout, OrtAllocator.DefaultInstance, capacity: 9);
        Assert.Same(firstBuffer, second.Buffer(0));
        Assert.Equal(0, second.SequenceLength);
        Assert.Equal(12, second.Capacity);
        Assert.Equal(0, pool.KeptCapacity);

        // A concurrent request gets buffers of its own; of the two handed back, the larger stays.
        var concurrent = pool.Rent(s_layout, OrtAllocator.DefaultInstance, capacity: 5);
        Assert.NotSame(firstBuffer, concurrent.Buffer(0));
        second.Dispose();
        concurrent.Dispose();
        Assert.Equal(12, pool.KeptCapacity);

        // Another batch size or more positions than kept: the kept set is released before new buffers are allocated.
        using var otherBatch = pool.Rent(s_layout with { BatchSize = 1 }, OrtAllocator.DefaultInstance, capacity: 4);
        Assert.Equal(0, pool.KeptCapacity);
        Assert.Equal(new long[] { 1, 4, 4, 16 }, otherBatch.Buffer(0).GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void KeptBuffersAreNotZeroedAgainButFreshPositionsPastAnEarlierUseAre()
    {
        const int RowBytes = 16 * 2;
        using var pool = new SharedBufferKeyValueCachePool();
        var first = pool.Rent(s_layout, OrtAllocator.DefaultInstance, capacity: 12);
        first.Advance([], 10);
        first.Buffer(0).GetTensorMutableRawData().Fill(0x5A);
        first.Dispose();

        // The next generation's prompt is 3 positions: 3..11 were all written or zeroed before, so nothing is zeroed again.
        using var second = pool.Rent(s_layout, OrtAllocator.DefaultInstance, capacity: 8);
        second.Advance([], 3);
        second.PrepareForDecoding();
        Assert.Equal((byte)0x5A, second.Buffer(0).GetTensorMutableRawData()[(5 * RowBytes) + 1]);

        // A cache whose first use stopped after its prompt (no decoding) zeroes the positions never touched when next decoding.
        using var fresh = new SharedBufferKeyValueCache(s_layout, OrtAllocator.DefaultInstance, capacity: 12);
        fresh.Advance([], 4);
        fresh.Reset();
        fresh.Advance([], 2);
        fresh.Buffer(1).GetTensorMutableRawData().Fill(0x77);
        fresh.PrepareForDecoding();
        var bytes = fresh.Buffer(1).GetTensorMutableRawData();
        Assert.Equal((byte)0x77, bytes[3 * RowBytes]);
        Assert.True(bytes.Slice(4 * RowBytes, 8 * RowBytes).IndexOfAnyExcept((byte)0) < 0, "positions 4..11 were never written and must be zeroed");
    }

    [Fact]
    public void SharedBufferCountsPositionsAndRefusesOverflow()
    {
        using var cache = new SharedBufferKeyValueCache(s_layout, OrtAllocator.DefaultInstance, capacity: 6);
        cache.Advance(Handles(), 5);
        Assert.Equal(5, cache.SequenceLength);
        cache.Advance(Handles(), 1);
        Assert.Equal(6, cache.SequenceLength);
        var error = Assert.Throws<InvalidOperationException>(() => cache.Advance(Handles(), 1));
        Assert.Contains("holds 6 positions", error.Message);

        // The same buffers stay bound after advancing.
        var target = new RecordingTarget();
        cache.Bind(target);
        Assert.Same(cache.Buffer(0), target.Inputs["past_key_values.0.key"]);
    }

    [Fact]
    public void ConcatenatingCacheStartsEmptyAndFeedsPresentsBack()
    {
        using var cache = new ConcatenatingKeyValueCache(s_layout, OrtMemoryInfo.DefaultInstance);
        var target = new RecordingTarget();
        cache.Bind(target);
        Assert.Equal(new long[] { 2, 4, 0, 16 }, target.Inputs["past_key_values.1.value"].GetTensorTypeAndShape().Shape);
        Assert.Equal(s_layout.PresentNames, target.DeviceOutputs);
        Assert.Empty(target.Outputs);
        Assert.True(cache.NeedsPresents);

        var presents = Enumerable.Range(0, 4).Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float16, [2, 4, 7, 16])).ToArray();
        cache.Advance(presents, 7);
        Assert.Equal(7, cache.SequenceLength);
        target = new RecordingTarget();
        cache.Bind(target);
        for (var i = 0; i < 4; i++)
        {
            Assert.Same(presents[i], target.Inputs[s_layout.PastNames[i]]);
        }
    }

    [Fact]
    public void LeftPaddingPutsPadsAndZeroMaskFirst()
    {
        var (ids, mask) = DecodeLoop.LeftPad([[1, 15043, 3186], [1, 2, 3, 4, 5]], 5, 32000);
        Assert.Equal(new long[] { 32000, 32000, 1, 15043, 3186, 1, 2, 3, 4, 5 }, ids);
        Assert.Equal(new long[] { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }, mask);
    }

    private static OrtValue[] Handles() =>
        Enumerable.Range(0, 4).Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float16, [1])).ToArray();

    private sealed class RecordingTarget : IBindingTarget
    {
        public Dictionary<string, OrtValue> Inputs { get; } = [];

        public Dictionary<string, OrtValue> Outputs { get; } = [];

        public List<string> DeviceOutputs { get; } = [];

        public void BindInput(string name, OrtValue value) => Inputs[name] = value;

        public void BindOutput(string name, OrtValue value) => Outputs[name] = value;

        public void BindOutputToDevice(string name, OrtMemoryInfo memoryInfo) => DeviceOutputs.Add(name);
    }
}
