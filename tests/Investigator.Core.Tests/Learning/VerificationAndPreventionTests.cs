using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Tests.Support;

namespace Investigator.Core.Tests.Learning;

/// <summary>A resolved case's verification and prevention: optional, scrubbed, and kept by every way a case is stored.</summary>
public sealed class VerificationAndPreventionTests
{
    private static readonly ResolvedCase Recorded = new(
        "case_1", "acc_2001", "API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake, CaseType.Configuration,
        "API calls fail with 401", "The key was revoked by an admin.", "Created a new key.", ["401 since 09:12"], ["authentication"],
        TinyWorld.Reported, "lead@support.example")
    {
        Verification = "Priya Raman confirmed calls from 203.0.113.9 succeed; priya@harbor.example replied.",
        Prevention = "Call +44 20 7946 0958 before revoking fp_live_Rk8dQw81nB2mX5zT9cV3.",
    };

    [Fact]
    public void The_scrubber_removes_personal_data_from_verification_and_prevention()
    {
        var scrubbed = PersonalDataScrubber.Scrub(Recorded, ["Priya Raman"]);

        Assert.Equal("[name] [name] confirmed calls from [ip] succeed; [email] replied.", scrubbed.Verification);
        foreach (var leak in new[] { "Priya", "Raman", "203.0.113.9", "priya@" })
        {
            Assert.DoesNotContain(leak, scrubbed.Verification, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("7946", scrubbed.Prevention, StringComparison.Ordinal);
        Assert.DoesNotContain("Rk8d", scrubbed.Prevention, StringComparison.Ordinal);
        Assert.Equal(Recorded.RootCause, scrubbed.RootCause);
    }

    [Fact]
    public void A_case_without_them_stays_without_them_after_scrubbing()
    {
        var scrubbed = PersonalDataScrubber.Scrub(Recorded with { Verification = null, Prevention = null });

        Assert.Null(scrubbed.Verification);
        Assert.Null(scrubbed.Prevention);
    }

    [Fact]
    public async Task The_learner_stores_them_scrubbed()
    {
        using var memory = new EmbeddedCaseMemory(Engine.TempFile("memory.db"), new HashingEmbeddingGenerator());

        await new CaseLearner(memory).LearnAsync(Recorded, CancellationToken.None);

        var stored = Assert.Single(await memory.SearchAsync("401", 5, new CaseMemoryFilter(), CancellationToken.None)).Case;
        Assert.Contains("[ip]", stored.Verification, StringComparison.Ordinal);
        Assert.DoesNotContain("priya@", stored.Verification, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", stored.Prevention, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_stored_before_they_existed_still_loads_with_null()
    {
        var json = JsonSerializer.Serialize(Recorded with { Verification = null, Prevention = null }, ContractJson.Options);

        var loaded = JsonSerializer.Deserialize<ResolvedCase>(json, ContractJson.Options)!;

        Assert.DoesNotContain("verification", json, StringComparison.Ordinal);
        Assert.Equal("case_1", loaded.CaseKey);
        Assert.Null(loaded.Verification);
        Assert.Null(loaded.Prevention);
    }

    [Fact]
    public void They_round_trip_through_the_stored_json()
    {
        var loaded = JsonSerializer.Deserialize<ResolvedCase>(JsonSerializer.Serialize(Recorded, ContractJson.Options), ContractJson.Options)!;

        Assert.Equal((Recorded.Verification, Recorded.Prevention), (loaded.Verification, loaded.Prevention));
    }

    [Fact]
    public void They_round_trip_through_a_Qdrant_payload_in_snake_case()
    {
        var json = JsonSerializer.Serialize(CasePayload.From(Recorded, new EmbeddingSignature("test:model", 8)), QdrantServices.Json);

        var back = JsonSerializer.Deserialize<CasePayload>(json, QdrantServices.Json)!.ToCase();

        using var document = JsonDocument.Parse(json);
        Assert.Equal(Recorded.Verification, document.RootElement.GetProperty("verification").GetString());
        Assert.Equal(Recorded.Prevention, document.RootElement.GetProperty("prevention").GetString());
        Assert.Equal((Recorded.Verification, Recorded.Prevention), (back.Verification, back.Prevention));
        Assert.Equal(JsonSerializer.Serialize(Recorded, ContractJson.Options), JsonSerializer.Serialize(back, ContractJson.Options));
    }

    [Fact]
    public void A_Qdrant_point_written_before_them_reads_as_null()
    {
        var json = JsonSerializer.Serialize(CasePayload.From(Recorded with { Verification = null, Prevention = null }, new EmbeddingSignature("test:model", 8)), QdrantServices.Json);

        var back = JsonSerializer.Deserialize<CasePayload>(json, QdrantServices.Json)!.ToCase();

        Assert.DoesNotContain("verification", json, StringComparison.Ordinal);
        Assert.Null(back.Verification);
        Assert.Null(back.Prevention);
    }
}
