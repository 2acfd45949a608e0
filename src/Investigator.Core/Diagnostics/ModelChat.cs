using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Investigator.Core.Diagnostics;

/// <summary>
/// The chat service a layer with a built-in fallback talks to: an OpenAI-compatible endpoint (ending in /v1)
/// through SK's OpenAI connector, with one call limited to <c>timeout</c> and retried once only, since the
/// built-in answer is already in hand and a struggling model should not hold the case up.
/// </summary>
public static class ModelChat
{
    public static IChatCompletionService OverOpenAI(Uri endpoint, string apiKey, string model, TimeSpan timeout)
    {
        var client = new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(apiKey), new OpenAI.OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = timeout,
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 1),
        });
        return new OpenAIChatCompletionService(model, client);
    }
}
