using Investigator.Core.Drafting;

namespace Investigator.Core.Tests.Drafting;

public sealed class ArticleQuoteTests
{
    [Fact]
    public void Numbered_steps_get_their_own_lines_without_Markdown_and_a_cut_off_step_keeps_only_whole_sentences()
    {
        var lines = ArticleQuote.Lines(
            "Rotate in this order: **create new, deploy, verify, revoke old.** 1. **Create** a second key. Both keys work at the same time. " +
            "2. **Deploy** the new key to every system. 3. **Verify** that the old key is no longer used. In...");

        Assert.Equal(
        [
            "Rotate in this order: create new, deploy, verify, revoke old.",
            "1. Create a second key. Both keys work at the same time.",
            "2. Deploy the new key to every system.",
            "3. Verify that the old key is no longer used.",
        ], lines);
    }

    [Fact]
    public void A_long_cut_off_sentence_is_kept_up_to_its_last_whole_word_and_marked()
    {
        var lines = ArticleQuote.Lines("- When you lower the setting, older runs are deleted. For example, changing it from 365 to 7 days means that every run older than 7 days is deleted - possibly months o...");

        Assert.Equal("- When you lower the setting, older runs are deleted. For example, changing it from 365 to 7 days means that every run older than 7 days is deleted - possibly months …", Assert.Single(lines));
    }

    [Fact]
    public void A_two_column_table_reads_as_one_line_per_row()
    {
        const string excerpt = "| plan | API requests/min | |---|---| | Free | 60 | | Professional | 600 | | Enterprise | 6,000 | The limit is counted over a rolling window.";

        Assert.Equal(["API requests/min by plan:", "- Free: 60", "- Professional: 600", "- Enterprise: 6,000", "The limit is counted over a rolling window."], ArticleQuote.Lines(excerpt));
        Assert.Equal(["API requests/min by plan:", "- Free: 60", "- Professional: 600", "- Enterprise: 6,000"], ArticleQuote.Table(excerpt));
    }

    [Fact]
    public void A_yes_no_matrix_names_the_columns_each_row_holds_for()
    {
        var lines = ArticleQuote.Lines("| action | owner | admin | viewer | |---|---|---|---| | edit workflows | yes | yes | no | | invite users | yes | no | no |");

        Assert.Equal(["- edit workflows: owner, admin", "- invite users: owner"], lines);
    }

    [Fact]
    public void A_short_code_example_stays_but_a_response_body_is_left_out_with_the_words_pointing_at_it()
    {
        Assert.Equal(["Each request carries a header like this: Flowpoint-Signature: t=1762954200,v1=5f2b8c0e9d...", "- t is the signing time."],
            ArticleQuote.Lines("Each request carries a header like this: ``` Flowpoint-Signature: t=1762954200,v1=5f2b8c0e9d... ``` - `t` is the signing time."));
        Assert.Equal(["Requests fail with HTTP 401.", "Usually every request with that key fails."],
            ArticleQuote.Lines("Requests fail with HTTP `401` and this body: ``` {\"error\":{\"code\":\"AUTH_KEY_REVOKED\"}} ``` Usually every request with that key fails."));
    }

    [Fact]
    public void A_sentence_announcing_a_left_out_block_stays_only_when_it_says_something_specific()
    {
        Assert.Equal(["When you go over the limit, the API answers with HTTP 429 Too Many Requests and the error code RATE_LIMITED.", "Those requests were not processed."],
            ArticleQuote.Lines("When you go over the limit, the API answers with HTTP `429 Too Many Requests` and the error code `RATE_LIMITED`: ``` HTTP/1.1 429 Too Many Requests\nRetry-After: 12 ``` Those requests were not processed."));
        Assert.Equal(["Open the delivery log.", "Then resend it."],
            ArticleQuote.Lines("Open the delivery log. Send a request like the following: ``` {\"id\": \"evt\"} ``` Then resend it."));
    }

    [Fact]
    public void An_excerpt_of_several_sections_is_read_back_passage_by_passage_with_its_headings()
    {
        var excerpt = "§ Retries\nA delivery is tried up to **5 times** in total.\n\n§ Automatically disabled endpoints\nIf **100 consecutive deliveries** fail, the endpoint is disabled.";

        var passages = ArticleQuote.Passages(excerpt);

        Assert.Equal(["Retries", "Automatically disabled endpoints"], passages.Select(p => p.Heading));
        Assert.Equal(["A delivery is tried up to 5 times in total."], passages[0].Lines);
        Assert.Equal(["If 100 consecutive deliveries fail, the endpoint is disabled.", ], passages[1].Lines);
        Assert.Equal(passages.SelectMany(p => p.Lines), ArticleQuote.Lines(excerpt));
        Assert.Null(Assert.Single(ArticleQuote.Passages("One section, no heading.")).Heading);
    }

    [Fact]
    public void Bullets_after_a_colon_are_split_but_a_dash_inside_a_sentence_is_not()
    {
        var lines = ArticleQuote.Lines("Stored only in your region: - workflows; - run history. 1. **Investigating** - we know something is wrong. 2. **Resolved** - the problem is fixed.");

        Assert.Equal(["Stored only in your region:", "- workflows;", "- run history.", "1. Investigating - we know something is wrong.", "2. Resolved - the problem is fixed."], lines);
    }

    [Fact]
    public void Nothing_is_quoted_from_an_empty_excerpt()
    {
        Assert.Empty(ArticleQuote.Lines(null));
        Assert.Empty(ArticleQuote.Table("No table here."));
    }
}
