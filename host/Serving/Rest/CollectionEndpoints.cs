using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.Host.Serving.Errors;
using SkPlugins.VectorStore.Service;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>Vector search as a service: the collections of the configured store under <c>/api/collections</c>, served by
/// <see cref="VectorCollectionService"/> (the same service as the <c>vector_store</c> Kernel plugin and its MCP tools).
/// Errors are problem+json: 400 for bad input (naming the field, id or limit), 404 for a missing collection, 413 for a
/// body over the size limit.</summary>
public static class CollectionEndpoints
{
    /// <summary>Maps the collection routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapCollectionApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/collections").WithTags("Vector store");
        api.MapGet("/", (VectorCollectionService service, CancellationToken ct) => Run(async () => Json(new { collections = await service.ListAsync(ct) })))
            .WithName("ListCollections").WithSummary("Every collection: name, count, dimensions, distance and fields")
            .Produces<CollectionInfo[]>();
        api.MapGet("/{name}", (VectorCollectionService service, string name, CancellationToken ct) => Run(async () => Json(await service.DescribeAsync(name, ct))))
            .WithName("GetCollection").WithSummary("One collection: count, dimensions, distance and fields")
            .Produces<CollectionInfo>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{name}", (VectorCollectionService service, string name, CancellationToken ct) => Run(async () =>
                await service.DeleteCollectionAsync(name, ct) ? TypedResults.NoContent() : ApiProblem.NotFound($"collection '{name}' does not exist")))
            .WithName("DeleteCollection").WithSummary("Deletes a collection and its files")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/{name}/points", (HttpContext http, VectorCollectionService service, string name) => Run(async () =>
            {
                var body = await ReadAsync<UpsertPointsRequest>(http);
                var info = await service.UpsertAsync(name, body.Points, body.Distance, http.RequestAborted);
                return Json(new { upserted = body.Points.Count, collection = info });
            }))
            .WithName("UpsertPoints")
            .WithSummary("Upserts a batch of points {id, vector, payload} (idempotent by id); creates the collection from the first batch")
            .Accepts<UpsertPointsRequest>("application/json").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapDelete("/{name}/points", (HttpContext http, VectorCollectionService service, string name) => Run(async () =>
            {
                var body = await ReadAsync<DeletePointsRequest>(http);
                return Json(new { deleted = await service.DeleteAsync(name, body.Ids, http.RequestAborted) });
            }))
            .WithName("DeletePoints").WithSummary("Deletes points by id (body {\"ids\": [...]})")
            .Accepts<DeletePointsRequest>("application/json").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{name}/search", (HttpContext http, VectorCollectionService service, string name) => Run(async () =>
                Json(new { results = await service.SearchAsync(name, await ReadAsync<PointQuery>(http), http.RequestAborted) })))
            .WithName("SearchCollection")
            .WithSummary("Nearest points to a vector, a text (embedded), a stored word or a stored id; top, filter, score_threshold, with_vectors")
            .Accepts<PointQuery>("application/json").Produces<ScoredPoint[]>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{name}/recommend", (HttpContext http, VectorCollectionService service, string name) => Run(async () =>
                Json(new { results = await service.RecommendAsync(name, await ReadAsync<RecommendQuery>(http), http.RequestAborted) })))
            .WithName("RecommendFromCollection")
            .WithSummary("Points like the positive ids and unlike the negative ones (average_vector or best_score), with filter")
            .Accepts<RecommendQuery>("application/json").Produces<ScoredPoint[]>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static IResult Json(object value) => TypedResults.Json(value, ServingJson.Options);

    private static async Task<T> ReadAsync<T>(HttpContext http)
        where T : class
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
        using var body = await JsonBody.ReadAsync(http.Request, limits.MaxRequestBodyBytes, http.RequestAborted)
            ?? throw new BadHttpRequestException("the request body is empty; send a JSON object");
        return body.RootElement.Deserialize<T>(ServingJson.Options)
            ?? throw new BadHttpRequestException("the request body must be a JSON object");
    }

    private static async Task<IResult> Run(Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (CollectionNotFoundException ex)
        {
            return ApiProblem.NotFound(ex.Message);
        }
        catch (Exception ex) when (ExceptionClassifier.Classify(ex).Status is >= 400 and < 500 and not ExceptionClassifier.ClientClosedRequest)
        {
            return ApiProblem.FromException(ex);
        }
    }
}
