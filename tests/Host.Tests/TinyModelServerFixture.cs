using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Tokenization;
using SkPlugins.TestSupport;

namespace SkPlugins.Host.Tests;

/// <summary>
/// One real server per test class whose chat client is the local <see cref="OnnxChatClient"/> on the tiny random Phi-3 of ../shared
/// (CPU), the other capabilities being the doubles. Started on first use, so a missing fixture skips the test instead of failing the class.
/// </summary>
public sealed class TinyModelServerFixture : IAsyncLifetime
{
    private RunningServer? _server;
    private CausalLanguageModel? _model;

    /// <summary>The tiny model's folder.</summary>
    public static string ModelFolder => SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3");

    /// <summary>The running server (skips the test when ../shared lacks the model or its tokenizer).</summary>
    public async Task<RunningServer> ServerAsync()
    {
        var folder = ModelFolder;
        _ = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.model");
        _model ??= CausalLanguageModel.Load(folder, new HuggingFaceGenerationTokenizerFactory(), ExecutionProviderPreference.Cpu);
        var model = _model;
        _server ??= await RunningServer.StartAsync(configure: services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddSingleton<IChatClient>(new OnnxChatClient(model, 64));
        });
        return _server;
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _model?.Dispose();
    }
}
