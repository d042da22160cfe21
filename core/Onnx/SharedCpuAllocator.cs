using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Core.Onnx;

/// <summary>
/// One CPU allocator for every session that asks for it, registered on ONNX Runtime's process-wide environment as ONNX Runtime
/// GenAI registers its own: with the default CPU allocator's memory info, a device allocator, for which ONNX Runtime builds no arena
/// (the arena settings passed are its defaults and go unused), and the session option <c>session.use_env_allocators</c> that makes a
/// session allocate from it instead of from an arena of its own. The session's prepacked weights and its run-time buffers then come
/// straight from the CPU allocator.
/// </summary>
internal static class SharedCpuAllocator
{
    private static readonly Lazy<bool> s_registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the allocator (once per process) and makes <paramref name="options"/>' session use it.</summary>
    /// <param name="options">A CPU session's options.</param>
    public static void Use(SessionOptions options)
    {
        _ = s_registered.Value;
        options.AddSessionConfigEntry("session.use_env_allocators", "1");
    }

    private static bool Register()
    {
        using var arena = new OrtArenaCfg(0, -1, -1, -1);
        OrtEnv.Instance().CreateAndRegisterAllocator(OrtMemoryInfo.DefaultInstance, arena);
        return true;
    }
}
