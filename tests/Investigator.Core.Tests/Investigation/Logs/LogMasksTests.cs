using Investigator.Core.Investigation.Logs;

namespace Investigator.Core.Tests.Investigation.Logs;

public sealed class LogMasksTests
{
    private static string Mask(string message, LogMasks masks = LogMasks.Default) =>
        new LogTemplateMiner(new LogMinerSettings { Masks = masks }).Mask(message);

    [Theory]
    [InlineData("took 42 ms", "took <*> ms")]
    [InlineData("offset -7 and +3", "offset <*> and <*>")]
    [InlineData("load 0.25 at 9.8s after 33ms", "load <*> at <*> after <*>")]
    [InlineData("size 67108864 bytes", "size <*> bytes")]
    [InlineData("free 87.5% of disk", "free <*> of disk")]
    public void Numbers_with_separators_and_short_units_are_masked(string message, string expected) =>
        Assert.Equal(expected, Mask(message, LogMasks.Numbers));

    [Theory]
    [InlineData("from 10.251.73.220 ok", "from <*> ok")]
    [InlineData("to 10.251.73.220:50010 ok", "to <*>:<*> ok")]
    [InlineData("rhost=218.188.2.4 user=root", "rhost=<*> user=root")]
    [InlineData("[173.234.31.186] failed", "[<*>] failed")]
    public void Ip_addresses_and_ports_are_masked_and_their_punctuation_kept(string message, string expected) =>
        Assert.Equal(expected, Mask(message, LogMasks.Numbers));

    [Theory]
    [InlineData("at 2005-06-03-15.42.50.675872 done", "at <*> done")]
    [InlineData("at 2015-10-18 18:01:47,978 done", "at <*> <*>:<*>:<*>,<*> done")]
    [InlineData("on Fri Jul 1 09:00:55 2005", "on <*> <*> <*> <*>:<*>:<*> <*>")]
    public void Timestamps_are_masked_including_the_names_of_days_and_months(string message, string expected) =>
        Assert.Equal(expected, Mask(message));

    [Theory]
    [InlineData("flags=0x1f set", "flags=<*> set")]
    [InlineData("wtoken 9f4ef63 drawn", "wtoken <*> drawn")]
    [InlineData("uuid 38101a0b-2096-447d-96ea-a692162415ae done", "uuid <*> done")]
    public void Hex_values_and_uuids_are_masked(string message, string expected) =>
        Assert.Equal(expected, Mask(message, LogMasks.Hex));

    [Fact]
    public void Hex_letters_without_a_digit_are_words()
    {
        Assert.Equal("added cafe facade", Mask("added cafe facade", LogMasks.Hex));
    }

    [Theory]
    [InlineData("reading /etc/httpd/conf/workers2.properties now", "reading <*> now")]
    [InlineData("GET /v1/runs?workflow=wf_e28f&limit=50 200", "GET <*> <*>")]
    [InlineData("fetch \"https://example.com/a:b?c=d\", retry", "fetch \"<*>\", retry")]
    [InlineData("open C:\\Users\\me\\file.txt failed", "open <*> failed")]
    [InlineData("run ./bin/start.sh", "run <*>")]
    [InlineData("yes and/or no", "yes and/or no")]
    public void Paths_and_urls_are_masked_whole(string message, string expected) =>
        Assert.Equal(expected, Mask(message));

    [Theory]
    [InlineData("node node-246 up", "node <*> up")]
    [InlineData("block blk_-6952295868487656571 gone", "block <*> gone")]
    [InlineData("app appattempt_1445144423722_0020_000001 ready", "app <*> ready")]
    [InlineData("session (uid=0) opened", "session (uid=<*>) opened")]
    public void Words_holding_digits_are_ids(string message, string expected) =>
        Assert.Equal(expected, Mask(message));

    [Fact]
    public void Without_the_digit_word_mask_an_id_with_letters_stays()
    {
        Assert.Equal("node node-246 up", Mask("node node-246 up", LogMasks.Numbers | LogMasks.Hex));
    }

    [Fact]
    public void Dotted_names_are_masked_only_when_asked_for()
    {
        const string line = "reverse mapping for ns.marryaldkfaczcz.com failed in com.tencent.qt.qtl, not in a.b";

        Assert.Equal(line, Mask(line, LogMasks.Numbers));
        Assert.Equal("reverse mapping for <*> failed in <*>, not in a.b", Mask(line, LogMasks.Default | LogMasks.DottedNames));
    }

    [Fact]
    public void Runs_of_spaces_and_tabs_separate_tokens_like_one_space()
    {
        Assert.Equal("a b c", Mask("  a \t\t b    c  "));
    }

    [Fact]
    public void No_mask_leaves_every_token_as_it_is()
    {
        Assert.Equal("user 42 from 10.0.0.1", Mask("user 42 from 10.0.0.1", LogMasks.None));
    }
}
