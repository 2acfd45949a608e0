using System.Text.Json;
using System.Text.Json.Nodes;
using Investigator.Core.Investigation.Tools;

namespace Investigator.Core.Tests.Investigation;

public sealed class ResultFitterTests
{
    private sealed record Line(string Template, int Count);

    private sealed record Big(string Summary, IReadOnlyList<Line> Patterns, IReadOnlyList<string> Notes);

    [Fact]
    public void A_result_that_fits_is_returned_as_it_is()
    {
        var small = new Big("3 patterns", [new("a", 1)], ["n"]);

        Assert.Same(small, ResultFitter.Fit(small));
    }

    [Fact]
    public void An_oversized_result_keeps_the_first_items_of_every_list_and_says_how_many_were_left_out()
    {
        var big = new Big("400 patterns", Enumerable.Range(0, 400).Select(i => new Line($"template {i} <*> failed", i)).ToList(), Enumerable.Range(0, 40).Select(i => $"note {i}").ToList());

        var fitted = Assert.IsType<JsonObject>(ResultFitter.Fit(big, 2_000));

        Assert.True(fitted.ToJsonString().Length <= 2_000);
        var result = fitted["result"]!.AsObject();
        Assert.Equal("400 patterns", result["summary"]!.GetValue<string>());
        var kept = result["patterns"]!.AsArray();
        Assert.Equal("template 0 <*> failed", kept[0]!["template"]!.GetValue<string>());
        var omitted = fitted["omitted"]!.AsObject();
        Assert.Equal(400, kept.Count + omitted["$.patterns"]!.GetValue<int>());
        // The longest list is cut first; a short one keeps what fits.
        Assert.True(kept.Count >= 1);
    }

    [Fact]
    public void Long_texts_are_shortened_before_any_list_is_cut()
    {
        var big = new Big(new string('x', 5_000), [new("a", 1), new("b", 2)], []);

        var fitted = Assert.IsType<JsonObject>(ResultFitter.Fit(big, 1_000));

        Assert.Equal(2, fitted["result"]!["patterns"]!.AsArray().Count);
        Assert.Equal(301, fitted["result"]!["summary"]!.GetValue<string>().Length);
        Assert.Empty(fitted["omitted"]!.AsObject());
    }

    [Fact]
    public void A_result_that_cannot_be_trimmed_by_lists_is_cut_and_says_so()
    {
        var keys = Enumerable.Range(0, 500).ToDictionary(i => $"key{i}", i => i);

        var fitted = Assert.IsType<JsonObject>(ResultFitter.Fit(keys, 1_000));

        Assert.Contains("could not be trimmed", fitted["cut"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(JsonSerializer.Serialize(fitted).Length <= 1_100);
    }
}
