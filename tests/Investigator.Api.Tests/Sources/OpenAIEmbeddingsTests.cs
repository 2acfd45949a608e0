using System.Text.Json;
using Investigator.Core.Learning;
using Microsoft.Extensions.AI;

namespace Investigator.Api.Tests.Sources;

/// <summary>The OpenAI-compatible embedding generator against a local server answering in the /v1/embeddings format.</summary>
public sealed class OpenAIEmbeddingsTests
{
    [Fact]
    public async Task Texts_are_sent_to_the_embeddings_endpoint_and_their_vectors_come_back_with_the_generator_named()
    {
        await using var server = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context, """
            {"object":"list","model":"text-embedding-3-small",
             "data":[{"object":"embedding","index":0,"embedding":[0.6,0.0,0.8]},{"object":"embedding","index":1,"embedding":[0.0,1.0,0.0]}],
             "usage":{"prompt_tokens":7,"total_tokens":7}}
            """));
        var generator = OpenAIEmbeddings.Create(new Uri(server.BaseUrl, "v1"), "sk-test", "text-embedding-3-small", dimensions: 3);

        var embeddings = await generator.GenerateAsync(["webhook deliveries time out", "401 on every call"]);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("Bearer sk-test", request.Header("Authorization"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("text-embedding-3-small", body.GetProperty("model").GetString());
        Assert.Equal(3, body.GetProperty("dimensions").GetInt32());
        Assert.Equal(["webhook deliveries time out", "401 on every call"], body.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0.6f, 0.0f, 0.8f], embeddings[0].Vector.ToArray());
        Assert.Equal([0.0f, 1.0f, 0.0f], embeddings[1].Vector.ToArray());
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal("text-embedding-3-small", metadata?.DefaultModelId);
        Assert.Equal(3, metadata?.DefaultModelDimensions);
    }
}
