using Investigator.Evals.RealData;

namespace Investigator.Evals.Tests.RealData;

public sealed class LoaderTests
{
    [Fact]
    public void Csv_reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        const string text = "a,b,c\r\n1,\"two, too\",\"say \"\"hi\"\"\nnext line\"\r\n4,,\n7\n";

        var rows = Csv.Parse(new StringReader(text));

        Assert.Equal(3, rows.Count);
        Assert.Equal("1", rows[0]["a"]);
        Assert.Equal("two, too", rows[0]["b"]);
        Assert.Equal("say \"hi\"\nnext line", rows[0]["c"]);
        Assert.Equal("4", rows[1]["a"]);
        Assert.Equal("", rows[1]["b"]);
        Assert.Equal("", rows[1]["c"]);
        Assert.Equal("7", rows[2]["a"]);
        Assert.Equal("", rows[2]["c"]);
    }

    [Fact]
    public void Endava_tickets_parse_with_exact_values_and_type_labels()
    {
        const string text = """
            ticket_id,title,body,ticket_type,category,sub_category1,sub_category2,business_service,urgency,impact
            endava-00001,connection with icon,icon dear please setup icon,1,6,22,7,26,3,4
            endava-00002,"exchange, down","mail server is down
            since morning",0,4,2,21,68,0,1
            """;

        var tickets = EndavaTickets.Parse(new StringReader(text));

        Assert.Equal(2, tickets.Count);
        Assert.Equal(new EndavaTicket("endava-00001", "connection with icon", "icon dear please setup icon", "1", "6", "22", "7", "26", "3", "4"), tickets[0]);
        Assert.Equal("request", tickets[0].TypeLabel);
        Assert.Equal("exchange, down", tickets[1].Title);
        Assert.Equal("mail server is down\nsince morning", tickets[1].Body);
        Assert.Equal("incident", tickets[1].TypeLabel);
        Assert.Equal(("4", "0", "1"), (tickets[1].Category, tickets[1].Urgency, tickets[1].Impact));
        Assert.Equal("exchange, down\nmail server is down\nsince morning", tickets[1].Text);
    }

    [Fact]
    public void GitBugs_reports_parse_and_map_priority_and_disposition()
    {
        const string hadoop = """
            Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Affects Version/s,Description
            Fix build on Debian 10,13400058,Resolved,Blocker,Fixed,08/Sep/21 17:46,18/Sep/21 18:52,3.4.0,"The CI fails:

            {code}exit code: 100{code}"
            Typo in docs,13400059,Resolved,Trivial,Won't Fix,08/Sep/21 17:46,,,"a ""quoted"" word"
            Same as other,13400060,Resolved,Major,Duplicate,08/Sep/21 17:46,,,x
            """;
        const string seamonkey = """
            Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Description
            rss folder management buggy,1607173,RESOLVED,--,WORKSFORME,2020-01-06 12:04:04+00:00,2020-01-09 07:21:32+00:00,"Steps"
            Drop link,1607002,NEW,P5,,2020-01-04 12:52:00+00:00,,text
            Crash,1607003,RESOLVED,P1,INCOMPLETE,2020-01-04 12:52:00+00:00,,text
            """;

        var h = GitBugsReports.Parse("hadoop", new StringReader(hadoop));
        var s = GitBugsReports.Parse("seamonkey", new StringReader(seamonkey));

        Assert.Equal(3, h.Count);
        Assert.Equal("hadoop:13400058", h[0].Id);
        Assert.Equal("Fix build on Debian 10", h[0].Summary);
        Assert.Equal("The CI fails:\n\n{code}exit code: 100{code}", h[0].Description);
        Assert.Equal(("Blocker", "Fixed", "P0", "productDefect"), (h[0].RawPriority, h[0].RawResolution, h[0].Priority, h[0].Disposition));
        Assert.Equal("a \"quoted\" word", h[1].Description);
        Assert.Equal(("P3", "expectedBehaviour"), (h[1].Priority, h[1].Disposition));
        Assert.Equal(("P2", (string?)null), (h[2].Priority, h[2].Disposition));

        Assert.Equal(3, s.Count);
        Assert.Equal("seamonkey:1607173", s[0].Id);
        Assert.Equal(((string?)null, "userOrConfigurationMistake"), (s[0].Priority, s[0].Disposition));
        Assert.Equal(("P3", (string?)null), (s[1].Priority, s[1].Disposition));
        Assert.Equal(("P0", "userOrConfigurationMistake"), (s[2].Priority, s[2].Disposition));
    }

    [Theory]
    [InlineData("Blocker", "P0")]
    [InlineData("Critical", "P1")]
    [InlineData("Major", "P2")]
    [InlineData("Minor", "P3")]
    [InlineData("Trivial", "P3")]
    [InlineData("P1", "P0")]
    [InlineData("P2", "P1")]
    [InlineData("P3", "P2")]
    [InlineData("P4", "P3")]
    [InlineData("P5", "P3")]
    [InlineData("--", null)]
    [InlineData("", null)]
    public void GitBugs_priority_mapping(string raw, string? expected) => Assert.Equal(expected, GitBugsLabels.Priority(raw));

    [Theory]
    [InlineData("Fixed", "productDefect")]
    [InlineData("FIXED", "productDefect")]
    [InlineData("Not A Problem", "expectedBehaviour")]
    [InlineData("Not A Bug", "expectedBehaviour")]
    [InlineData("Won't Fix", "expectedBehaviour")]
    [InlineData("WONTFIX", "expectedBehaviour")]
    [InlineData("Invalid", "userOrConfigurationMistake")]
    [InlineData("Works for Me", "userOrConfigurationMistake")]
    [InlineData("WORKSFORME", "userOrConfigurationMistake")]
    [InlineData("Cannot Reproduce", "userOrConfigurationMistake")]
    [InlineData("Duplicate", null)]
    [InlineData("Done", null)]
    [InlineData("", null)]
    public void GitBugs_disposition_mapping(string raw, string? expected) => Assert.Equal(expected, GitBugsLabels.Disposition(raw));

    [Fact]
    public void GitHub_status_incidents_parse_first_update_components_and_their_source()
    {
        const string text = """
            {"id": "9632825", "title": "Incident with Codespaces", "impact": "minor", "components": ["Codespaces", "Visit www"], "updates": [{"at": "2022-03-26T01:43:00Z", "status": "Investigating", "message": "We are investigating reports of degraded performance for Codespaces."}, {"at": "2022-03-26T03:35:00Z", "status": "Resolved", "message": "This incident has been resolved."}]}

            {"id": 42, "title": "Maintenance", "impact": "maintenance", "updates": [{"at": "2022-03-24T19:11:00Z", "status": "Scheduled", "message": "Migrations will be paused."}]}
            {"id": "7", "title": "x", "impact": "major", "components": ["Actions"], "components_source": "gliner2", "components_confidence": {"Actions": 0.9}, "updates": []}
            """;

        var incidents = GitHubStatusIncidents.Parse(new StringReader(text));

        Assert.Equal(3, incidents.Count);
        var first = incidents[0];
        Assert.Equal(("9632825", "Incident with Codespaces", "minor"), (first.Id, first.Title, first.Impact));
        Assert.Equal(["Codespaces"], first.Components!);
        Assert.True(first.HasGoldComponents);
        Assert.Equal(2, first.Updates.Count);
        Assert.Equal(new StatusUpdate("2022-03-26T01:43:00Z", "Investigating", "We are investigating reports of degraded performance for Codespaces."), first.FirstUpdate);
        Assert.Equal("Investigating: We are investigating reports of degraded performance for Codespaces.", first.FirstUpdateText);

        Assert.Equal("42", incidents[1].Id);
        Assert.Null(incidents[1].Components);
        Assert.False(incidents[1].HasGoldComponents);
        Assert.Equal("Scheduled", incidents[1].FirstUpdate!.Status);

        Assert.Equal("gliner2", incidents[2].ComponentsSource);
        Assert.False(incidents[2].HasGoldComponents);
        Assert.Null(incidents[2].FirstUpdate);
        Assert.Equal("", incidents[2].FirstUpdateText);
    }

    [Fact]
    public void Wsl_faq_pairs_parse_with_exact_values()
    {
        const string text = """
            {"id": "wsl-faq-004", "section": "General", "question": "What is Bash?", "reference_answer": "[Bash](https://en.wikipedia.org/wiki/Bash_(Unix_shell)) is a popular text-based shell.\n\nSee `bash`.", "source": "faq.yml"}
            {"id": "wsl-faq-023", "section": "WSL 2", "question": "How to set your default user account", "reference_answer": "Set `user.default=<name>`\n\n\nquestions:"}
            """;

        var pairs = WslDocs.ParseFaq(new StringReader(text));

        Assert.Equal(2, pairs.Count);
        Assert.Equal(new WslFaqPair("wsl-faq-004", "General", "What is Bash?", "[Bash](https://en.wikipedia.org/wiki/Bash_(Unix_shell)) is a popular text-based shell.\n\nSee `bash`."), pairs[0]);
        Assert.Equal("WSL 2", pairs[1].Section);
        Assert.EndsWith("questions:", pairs[1].ReferenceAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public void Wsl_doc_sections_split_like_the_knowledge_base()
    {
        var article = Investigator.Core.Sources.Local.MarkdownKnowledgeBase.Parse("/docs/tutorials/gui-apps.md", """
            ---
            title: Run Linux GUI apps
            ms.date: 05/19/2025
            ---

            # Run Linux GUI apps

            Intro text.

            ## Prerequisites

            You need Windows 11.

            ### Sub heading

            More text.

            ## Install

            Run `wsl --install`.
            """) with { Id = "tutorials/gui-apps" };

        var sections = WslDocs.Sections(article).ToList();

        Assert.Equal(["Overview", "Prerequisites", "Install"], sections.Select(s => s.Heading));
        Assert.Equal("Intro text.", sections[0].Text);
        Assert.Equal("You need Windows 11.\n\n### Sub heading\n\nMore text.", sections[1].Text);
        Assert.Equal("tutorials/gui-apps#Install", sections[2].Citation);
        Assert.Equal("tutorials/gui-apps", WslDocs.ArticleId("/data/docs", "/data/docs/tutorials/gui-apps.md"));
    }
}
