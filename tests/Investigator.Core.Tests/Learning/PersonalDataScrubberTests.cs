using Investigator.Core.Learning;

namespace Investigator.Core.Tests.Learning;

public sealed class PersonalDataScrubberTests
{
    [Theory]
    [InlineData("Call me on +44 20 7946 0958 please", "Call me on [phone] please")]
    [InlineData("phone (555) 123-4567", "phone [phone]")]
    [InlineData("mail jane.doe@example.com today", "mail [email] today")]
    [InlineData("from 203.0.113.7 only", "from [ip] only")]
    public void Personal_data_is_replaced_by_its_kind(string text, string expected) =>
        Assert.Equal(expected, Normalize(PersonalDataScrubber.Scrub(text)));

    [Theory]
    [InlineData("Failing since 2026-11-13 06:15 UTC")]
    [InlineData("between 2026-11-13 and 2026-11-14")]
    [InlineData("run 2026-11-13T06:15:00Z failed")]
    [InlineData("request req_8f2c91a0b3 returned 503")]
    public void Dates_times_and_identifiers_are_kept(string text) =>
        Assert.Equal(text, PersonalDataScrubber.Scrub(text));

    [Fact]
    public void The_requesters_name_is_removed_as_a_whole_word_ignoring_case()
    {
        var scrubbed = PersonalDataScrubber.Scrub("Thanks, JANE. Jane's export failed; janet is fine.", ["Jane Doe"]);

        Assert.DoesNotContain("JANE", scrubbed);
        Assert.Contains("[name]", scrubbed);
        Assert.Contains("janet", scrubbed);
    }

    /// <summary>The redactor's e-mail marker may carry more than the kind; the test reads only the kind.</summary>
    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\[(email|e-mail)[^\]]*\]", "[email]");
}
