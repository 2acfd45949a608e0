using Investigator.Evals.Format;

namespace Investigator.Evals.RealData;

/// <summary>
/// The suites over public, real data in ../shared/data (each dataset's ATTRIBUTION.md stays next to it):
/// endava (helpdesk tickets, MIT), gitbugs (Hadoop Jira + SeaMonkey Bugzilla, CC BY 4.0), github-status
/// (githubstatus.com incidents, MIT) and wsl-faq (Microsoft WSL docs, CC BY 4.0) split their records 70/30
/// by FNV-1a of the record id, learn only from the train part and score the engine and two baselines on
/// the test part; gitbugs-duplicates ranks every report against its project's others and scores how
/// soon a known duplicate comes up (the split only decides which texts fit the IDF); loghub (loghub 2k
/// samples, research use) measures the log template miner's grouping accuracy and throughput. A suite
/// whose data folder is absent is skipped with the missing path.
/// </summary>
public static class RealDataSuites
{
    public static IReadOnlyList<IEvalSuite> All() =>
    [
        new EndavaSuite(),
        new GitBugsSuite(),
        new GitBugsDuplicatesSuite(),
        new GitHubStatusSuite(),
        new WslFaqSuite(),
        new LoghubSuite(),
    ];
}
