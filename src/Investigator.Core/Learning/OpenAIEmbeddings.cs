using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Investigator.Core.Learning;

/// <summary>
/// Embeddings from an OpenAI-compatible endpoint (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM, LM Studio),
/// used instead of the built-in hashing embeddings when <c>Embeddings:Endpoint</c> is configured. The
/// generator's metadata names the provider, the model and the dimension, which the case memory records
/// with every vector so that two generators are never mixed in one collection.
/// </summary>
public static class OpenAIEmbeddings
{
    public static IEmbeddingGenerator<string, Embedding<float>> Create(Uri endpoint, string apiKey, string model, int? dimensions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = TimeSpan.FromSeconds(30) });
        return client.GetEmbeddingClient(model).AsIEmbeddingGenerator(dimensions);
    }
}
