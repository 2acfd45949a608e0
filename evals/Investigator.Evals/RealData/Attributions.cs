namespace Investigator.Evals.RealData;

/// <summary>
/// The attribution each public dataset asks for (from its folder's ATTRIBUTION.md, which stays next to
/// the data). Suites repeat the short form in their notes so every report names its source.
/// </summary>
public static class Attributions
{
    public const string Endava =
        "Data: Endava IT-helpdesk tickets, anonymised and published by Microsoft CSE + Endava with https://github.com/karolzak/support-tickets-classification (MIT, (c) 2018 Karol Żak; no separate data licence), copy from deepakmoud/datasets-for-experiment; labels' meanings inferred (see ATTRIBUTION.md).";

    public const string GitBugs =
        "Data: GitBugs, https://github.com/av9ash/gitbugs (CC BY 4.0): Apache Hadoop Jira and SeaMonkey Bugzilla reports. Cite Patil, Han, Jadon, \"A Comparative Analysis of Text Embedding Models for Bug Report Semantic Similarity\", SPIN 2024, doi:10.1109/SPIN60856.2024.10512000.";

    public const string GitHubStatus =
        "Data: githubstatus.com incidents reconstructed from the public Atom feed by https://github.com/mrshu/github-statuses (MIT, (c) 2022 Marek Šuppa); the status messages are GitHub's public posts.";

    public const string WslDocs =
        "Data: Microsoft Learn – Windows Subsystem for Linux documentation, (c) Microsoft, CC BY 4.0 (docs) / MIT (code), https://github.com/MicrosoftDocs/WSL; FAQ pairs from WSL/faq.yml. Microsoft trademarks are not licensed.";
}
