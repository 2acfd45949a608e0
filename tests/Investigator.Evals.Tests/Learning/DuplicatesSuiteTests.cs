using Investigator.Evals.Format;
using Investigator.Evals.RealData;

namespace Investigator.Evals.Tests.Learning;

public sealed class DuplicatesSuiteTests
{
    [Fact]
    public async Task Without_the_data_folder_the_suite_is_skipped_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-data-{Guid.NewGuid():N}");

        var result = await new GitBugsDuplicatesSuite().RunAsync(new EvalContext(missing, missing, "builtin", 1), CancellationToken.None);

        Assert.Equal("gitbugs-duplicates", result.Name);
        Assert.Contains(Path.Combine(missing, GitBugsReports.Folder), result.Skipped, StringComparison.Ordinal);
        Assert.Contains("missing", result.Skipped, StringComparison.Ordinal);
        Assert.Equal(0, result.Cases);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task Without_the_pairs_files_the_suite_is_skipped_naming_them()
    {
        var root = TinyData(withPairs: false);
        try
        {
            var result = await new GitBugsDuplicatesSuite().RunAsync(new EvalContext(root, root, "builtin", 1), CancellationToken.None);

            Assert.NotNull(result.Skipped);
            Assert.Contains("hadoop_duplicate_pairs.csv", result.Skipped, StringComparison.Ordinal);
            Assert.Contains("seamonkey_duplicate_pairs.csv", result.Skipped, StringComparison.Ordinal);
            Assert.Empty(result.Metrics);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task On_a_tiny_data_set_each_report_finds_its_duplicate_first()
    {
        var root = TinyData(withPairs: true);
        try
        {
            var result = await new GitBugsDuplicatesSuite().RunAsync(new EvalContext(root, root, "builtin", 1), CancellationToken.None);

            Assert.Null(result.Skipped);
            // Two in-file links, both ends queried; the link to a report outside the files is dropped.
            Assert.Equal(4, result.Cases);
            Assert.Equal(1, result.Metrics["learning.duplicate_recall_at_1"]);
            Assert.Equal(1, result.Metrics["learning.duplicate_mrr"]);
            Assert.Equal(["lexical", "majority", "random"], result.Baselines.Keys.Order(StringComparer.Ordinal));
            Assert.All(result.Baselines.Values, b => Assert.Equal(result.Metrics.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal)));
            Assert.Contains("30% test by FNV-1a of the id", result.Notes, StringComparison.Ordinal);
            Assert.Contains("CC BY 4.0", result.Notes, StringComparison.Ordinal);
            Assert.All(result.CaseResults, c => Assert.Equal("1", c.Actual["first_duplicate_rank"]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Partners_are_undirected_and_drop_links_to_absent_reports()
    {
        DuplicateLink[] links = [new("hadoop", "1", "2"), new("hadoop", "1", "3"), new("hadoop", "4", "99")];

        var partners = GitBugsDuplicates.Partners(links, new HashSet<string> { "hadoop:1", "hadoop:2", "hadoop:3", "hadoop:4" });

        Assert.Equal(["hadoop:1", "hadoop:2", "hadoop:3"], partners.Keys);
        Assert.Equal(["hadoop:2", "hadoop:3"], partners["hadoop:1"]);
        Assert.Equal(["hadoop:1"], partners["hadoop:2"]);
    }

    [Fact]
    public void Bm25_puts_the_document_sharing_a_rare_term_first_and_leaves_out_the_query()
    {
        var corpus = Enumerable.Range(0, 20).Select(i => $"namenode restart {i}").Append("kerberos namenode").ToList();
        var index = new Bm25Ranking([("q", "kerberos namenode restart"), ("common", "namenode restart slow"), ("rare", "kerberos ticket renewal")], corpus);

        var ranked = index.Rank("kerberos namenode restart", excludeId: "q");

        Assert.Equal(["rare", "common"], ranked.Select(r => r.Id));
    }

    /// <summary>
    /// Three Hadoop and three SeaMonkey reports; each project has one duplicate pair that shares a rare
    /// phrase, and one filler report. The pairs file also links a report that is not in the files.
    /// </summary>
    private static string TinyData(bool withPairs)
    {
        var root = Path.Combine(Path.GetTempPath(), $"gitbugs-dup-{Guid.NewGuid():N}");
        var folder = Path.Combine(root, GitBugsReports.Folder);
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "hadoop_bugs.csv"),
        [
            "Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Affects Version/s,Description",
            "NameNode crashes on kerberos ticket renewal,100,Resolved,Major,Fixed,01/Jan/21 10:00,02/Jan/21 10:00,3.3.0,\"The NameNode dies when the kerberos ticket is renewed.\"",
            "Kerberos ticket renewal kills NameNode,101,Resolved,Major,Duplicate,03/Jan/21 10:00,04/Jan/21 10:00,3.3.0,\"After kerberos renewal the NameNode exits.\"",
            "Typo in the YARN web UI footer,102,Resolved,Trivial,Fixed,05/Jan/21 10:00,06/Jan/21 10:00,3.3.0,\"The footer says Hadop.\"",
        ]);
        File.WriteAllLines(Path.Combine(folder, "seamonkey_bugs.csv"),
        [
            "Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Description",
            "Mail composer loses attachments when saving drafts,200,RESOLVED,--,FIXED,2021-01-01 10:00:00+00:00,2021-01-02 10:00:00+00:00,\"Saving a draft drops attachments.\"",
            "Draft save drops the attachments in mail composer,201,RESOLVED,--,DUPLICATE,2021-01-03 10:00:00+00:00,2021-01-04 10:00:00+00:00,\"Attachments vanish after saving a draft.\"",
            "Bookmark toolbar icons blurry on HiDPI,202,NEW,--,,2021-01-05 10:00:00+00:00,,\"Icons are blurry.\"",
        ]);
        if (withPairs)
        {
            File.WriteAllLines(Path.Combine(folder, "hadoop_duplicate_pairs.csv"), ["issue_id,duplicate_id,issue_in_file,duplicate_in_file", "100,101,True,True", "102,999,True,False"]);
            File.WriteAllLines(Path.Combine(folder, "seamonkey_duplicate_pairs.csv"), ["issue_id,duplicate_id,issue_in_file,duplicate_in_file", "200,201,True,True"]);
        }

        return root;
    }
}
