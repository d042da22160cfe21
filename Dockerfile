# The skplugins host (CLI + serve). Build: docker build -t skplugins:local .   Run: docker run --rm skplugins:local --help
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish host/SkPlugins.Host.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    SkPlugins__VectorStore__Path=/data/vectorstore
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["dotnet", "skplugins.dll"]
