using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning;

/// <summary>The case-memory behaviour suite against the embedded store: one SQLite file per test.</summary>
public sealed class EmbeddedCaseMemoryBehaviourTests : CaseMemoryBehaviour
{
    private readonly string _path = Engine.TempFile("memory.db");

    protected override Task<ICaseMemory> OpenStoreAsync(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        Task.FromResult<ICaseMemory>(new EmbeddedCaseMemory(_path, generator));
}
