namespace SkPlugins.Host.Serving.Rest;

/// <summary>A parameter of a kernel function.</summary>
/// <param name="Name">Its name in the JSON body.</param>
/// <param name="Description">What it means.</param>
/// <param name="Type">Its .NET or JSON-schema type name.</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="Default">Its default value, when it has one.</param>
public sealed record FunctionParameterDescription(string Name, string Description, string? Type, bool Required, string? Default);
