using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SkPlugins.Host.Serving.Errors;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>The REST API over the kernel: a catalogue, a generic endpoint per function and the named routes of <see cref="ApiRouteTable"/>.</summary>
public static class KernelFunctionEndpoints
{
    /// <summary>Maps <c>GET /api/functions</c>, <c>POST /api/functions/{plugin}/{function}</c> and the named routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapKernelFunctionApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Kernel functions");
        api.MapGet("/functions", (Kernel kernel) => TypedResults.Json(FunctionCatalog.Describe(kernel), ServingJson.Options))
            .WithName("ListFunctions")
            .WithSummary("Every kernel function with its parameters");

        api.MapPost("/functions/{plugin}/{function}", (HttpContext http, string plugin, string function) =>
                InvokeAsync(http, plugin, function, aliases: null))
            .WithName("InvokeFunction")
            .WithSummary("Invoke any kernel function; the body is a JSON object of its arguments")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        foreach (var route in ApiRouteTable.Routes)
        {
            Func<HttpContext, Task<IResult>> handler = http => InvokeAsync(http, route.Plugin, route.Function, route.ArgumentAliases);
            endpoints.MapPost(route.Path, handler)
                .WithTags("Named routes")
                .WithName(route.Plugin + "_" + route.Function)
                .WithSummary(route.Summary)
                .WithDescription($"Invokes {route.Plugin}.{route.Function}; the body names its arguments like the command-line options.")
                .Accepts<JsonElement>("application/json")
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }

        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(HttpContext http, string plugin, string functionName, IReadOnlyDictionary<string, string>? aliases)
    {
        var kernel = http.RequestServices.GetRequiredService<Kernel>();
        if (!kernel.Plugins.TryGetFunction(plugin, functionName, out var function))
        {
            var known = kernel.Plugins.SelectMany(p => p.Select(f => $"{p.Name}.{f.Name}")).Order(StringComparer.Ordinal).ToList();
            return ApiProblem.NotFound($"no kernel function '{plugin}.{functionName}' is registered; available: " +
                (known.Count == 0 ? "none" : string.Join(", ", known)));
        }

        try
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
            using var body = await JsonBody.ReadAsync(http.Request, limits.MaxRequestBodyBytes, http.RequestAborted);
            var arguments = KernelArgumentBinder.Bind(function, body?.RootElement, aliases);
            var result = await kernel.InvokeAsync(function, arguments, http.RequestAborted);
            return TypedResults.Json(result.GetValue<object>(), ServingJson.Options);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            var (status, _, _) = ExceptionClassifier.Classify(ex);
            if (status >= StatusCodes.Status500InternalServerError)
            {
                throw;
            }

            return ApiProblem.FromException(ex);
        }
    }
}
