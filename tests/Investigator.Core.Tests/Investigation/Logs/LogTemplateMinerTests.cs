using Investigator.Core.Investigation.Logs;

namespace Investigator.Core.Tests.Investigation.Logs;

public sealed class LogTemplateMinerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 12, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lines_that_differ_only_in_masked_values_share_one_template_from_the_first_line_on()
    {
        var miner = new LogTemplateMiner();

        var first = miner.Observe("PacketResponder 1 for block blk_38865049064139660 terminating");
        var second = miner.Observe("PacketResponder 0 for block blk_-6952295868487656571 terminating");

        Assert.Same(first, second);
        Assert.Equal("PacketResponder <*> for block <*> terminating", second.Text);
        Assert.Equal(1, miner.TemplateCount);
    }

    [Fact]
    public void A_word_that_varies_in_a_long_line_becomes_a_wildcard_and_the_template_keeps_its_id()
    {
        var miner = new LogTemplateMiner();

        var first = miner.Observe("Invalid user webmaster from host port sshd after the third retry");
        var second = miner.Observe("Invalid user test9 from host port sshd after the third retry");
        var third = miner.Observe("Invalid user admin from host port sshd after the third retry");

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal("Invalid user <*> from host port sshd after the third retry", third.Text);
    }

    [Fact]
    public void Once_a_position_is_open_any_word_agrees_with_it()
    {
        // Ten tokens, threshold 0.8: two differing words would be too many, but an open position is not a difference.
        var miner = new LogTemplateMiner();
        var first = miner.Observe("login of user alice from the office network on monday");
        miner.Observe("login of user bob from the office network on monday");

        var third = miner.Observe("login of user carol from the office network on tuesday");

        Assert.Same(first, third);
        Assert.Equal("login of user <*> from the office network on <*>", third.Text);
    }

    [Fact]
    public void Short_lines_that_differ_in_one_word_stay_apart_at_the_default_threshold()
    {
        var miner = new LogTemplateMiner();

        // Four tokens, one differing: 0.75 agree, under 0.8.
        var started = miner.Observe("[instance: 9f2c1e3a] VM Started");
        var paused = miner.Observe("[instance: 77aa01bc] VM Paused");

        Assert.NotSame(started, paused);
        Assert.Equal(2, miner.TemplateCount);
    }

    [Fact]
    public void A_lower_threshold_merges_what_the_default_keeps_apart()
    {
        var miner = new LogTemplateMiner(new LogMinerSettings { Similarity = 0.5 });

        var started = miner.Observe("[instance: 9f2c1e3a] VM Started");
        var paused = miner.Observe("[instance: 77aa01bc] VM Paused");

        Assert.Same(started, paused);
        Assert.Equal("[instance: <*>] VM <*>", paused.Text);
    }

    [Fact]
    public void Lines_with_different_token_counts_or_leading_words_never_share_a_template()
    {
        var miner = new LogTemplateMiner(new LogMinerSettings { Similarity = 0.1 });

        var a = miner.Observe("session opened for user root");
        var b = miner.Observe("session opened for user root by cron");
        var c = miner.Observe("connection opened for user root");

        Assert.Equal(3, new[] { a.Id, b.Id, c.Id }.Distinct().Count());
    }

    [Fact]
    public void A_template_counts_its_lines_and_keeps_first_and_last_seen_and_the_first_line_as_example()
    {
        var miner = new LogTemplateMiner();

        miner.Observe("job 17 finished in 20ms", T0.AddMinutes(5));
        miner.Observe("job 18 finished in 31ms", T0);
        var template = miner.Observe("job 19 finished in 12ms", T0.AddMinutes(9));

        Assert.Equal(3, template.Count);
        Assert.Equal(T0, template.FirstSeen);
        Assert.Equal(T0.AddMinutes(9), template.LastSeen);
        Assert.Equal("job 17 finished in 20ms", template.Example);
        Assert.Equal(3, miner.LinesSeen);
    }

    [Fact]
    public void A_repeated_line_goes_to_the_same_template_and_is_counted_every_time()
    {
        var miner = new LogTemplateMiner();

        for (var i = 0; i < 1000; i++)
        {
            miner.Observe($"worker {i % 7} heartbeat ok", T0.AddSeconds(i));
        }

        var template = Assert.Single(miner.Templates);
        Assert.Equal(1000, template.Count);
        Assert.Equal(T0.AddSeconds(999), template.LastSeen);
    }

    [Fact]
    public void The_header_is_cut_off_so_lines_of_one_event_group_whatever_their_timestamp_and_component()
    {
        var miner = new LogTemplateMiner(new LogMinerSettings { HeaderFormat = "<Date> <Time> <Level> <Component>: <Content>" });

        var a = miner.Observe("17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi");
        var b = miner.Observe("17/06/09 20:11:02 WARN spark.SecurityManager: Changing view acls to: yarn,curi");

        Assert.Same(a, b);
        Assert.Equal("Changing view acls to: yarn,curi", a.Text);
    }

    [Fact]
    public void Memory_stays_bounded_on_an_endless_stream_of_distinct_lines()
    {
        var settings = new LogMinerSettings { MaxTemplates = 200, MaxChildren = 20 };
        var miner = new LogTemplateMiner(settings);
        var random = new Random(7);
        var words = Enumerable.Range(0, 5000).Select(i => new string((char)('a' + (i % 26)), 1 + (i % 5)) + (char)('a' + (i / 26 % 26)) + (char)('a' + (i / 676 % 26))).ToArray();

        for (var i = 0; i < 50_000; i++)
        {
            var length = 2 + random.Next(6);
            miner.Observe(string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)])));
        }

        Assert.True(miner.TemplateCount <= settings.MaxTemplates, $"{miner.TemplateCount} templates");
        // Every kept template sits under at most Depth − 1 nodes, and pruning removes branches left empty.
        Assert.True(miner.NodeCount() <= settings.MaxTemplates * (settings.Depth - 1), $"{miner.NodeCount()} nodes");
        Assert.Equal(50_000, miner.LinesSeen);
    }

    [Fact]
    public void A_forgotten_template_is_relearned_under_a_new_id_when_its_line_comes_back()
    {
        var miner = new LogTemplateMiner(new LogMinerSettings { MaxTemplates = 2 });
        var first = miner.Observe("alpha beta gamma");
        miner.Observe("delta epsilon zeta eta");
        miner.Observe("theta iota kappa lambda mu");

        var again = miner.Observe("alpha beta gamma");

        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(1, again.Count);
        Assert.DoesNotContain(first, miner.Templates);
        Assert.Equal(2, miner.TemplateCount);
    }

    [Fact]
    public void The_most_recently_seen_template_is_kept_when_one_must_be_forgotten()
    {
        var miner = new LogTemplateMiner(new LogMinerSettings { MaxTemplates = 2 });
        var kept = miner.Observe("alpha beta gamma");
        var dropped = miner.Observe("delta epsilon zeta eta");
        miner.Observe("alpha beta gamma");

        miner.Observe("theta iota kappa lambda mu");

        Assert.Contains(kept, miner.Templates);
        Assert.DoesNotContain(dropped, miner.Templates);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t  ")]
    [InlineData("\0\u0001\u0002")]
    public void Empty_and_control_only_lines_share_one_empty_template(string line)
    {
        var miner = new LogTemplateMiner();

        var template = miner.Observe(line);
        var again = miner.Observe("");

        Assert.Same(template, again);
        Assert.Equal("", template.Text);
    }

    [Fact]
    public void Garbage_is_tokenized_without_failing_and_repeats_group()
    {
        var miner = new LogTemplateMiner();
        const string garbage = "\uFFFD\uFFFD%%%[[[(((\"\"\" }}} ::: === <<<>>> \u0007 ünïcødé \uD83D\uDE00";

        var a = miner.Observe(garbage);
        var b = miner.Observe(garbage);

        Assert.Same(a, b);
        Assert.Equal(2, a.Count);
    }

    [Fact]
    public void A_huge_line_is_read_up_to_the_caps_and_its_example_is_shortened()
    {
        var settings = new LogMinerSettings { MaxLineLength = 4_000, MaxTokens = 50, MaxExampleLength = 100 };
        var miner = new LogTemplateMiner(settings);
        var huge = string.Join(' ', Enumerable.Repeat("chunk", 200_000));

        var template = miner.Observe(huge);
        var unbroken = miner.Observe(new string('x', 1_000_000));

        Assert.Equal(50, template.Text.Split(' ').Length);
        Assert.Equal(101, template.Example.Length);
        Assert.EndsWith("…", template.Example, StringComparison.Ordinal);
        Assert.Equal(new string('x', 4_000), unbroken.Text);
    }

    [Fact]
    public void A_span_and_a_string_of_the_same_line_meet_the_same_template()
    {
        var miner = new LogTemplateMiner();
        var buffer = "xx disk /dev/sda1 is 91% full xx".ToCharArray();

        var fromSpan = miner.Observe(buffer.AsSpan(3, buffer.Length - 6));
        var fromString = miner.Observe("disk /dev/sdb2 is 45% full");

        Assert.Same(fromSpan, fromString);
        Assert.Equal("disk <*> is <*> full", fromString.Text);
        Assert.Equal("disk /dev/sda1 is 91% full", fromSpan.Example);
    }

    [Fact]
    public void Matching_a_known_template_allocates_nothing()
    {
        var miner = new LogTemplateMiner(new LogMinerSettings { HeaderFormat = "<Date> <Time> <Level> <Component>: <Content>" });
        string[] lines =
        [
            "2015-10-18 18:01:47,978 INFO org.apache.hadoop.Foo: Assigned container container_1445144423722_0020_01_000002 to attempt_1445144423722_0020_m_000000_0",
            "2015-10-18 18:01:48,963 WARN org.apache.hadoop.Foo: Connection to 10.190.173.170:8030 lost after 3 retries",
        ];
        foreach (var line in lines)
        {
            miner.Observe(line);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            miner.Observe(lines[i % 2], T0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Settings_that_would_break_the_miner_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogTemplateMiner(new LogMinerSettings { Similarity = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogTemplateMiner(new LogMinerSettings { Depth = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogTemplateMiner(new LogMinerSettings { MaxTemplates = 0 }));
        Assert.Throws<FormatException>(() => new LogTemplateMiner(new LogMinerSettings { HeaderFormat = "<Date> <Time>" }));
    }
}
