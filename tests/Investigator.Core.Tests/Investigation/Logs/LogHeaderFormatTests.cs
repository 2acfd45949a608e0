using Investigator.Core.Investigation.Logs;

namespace Investigator.Core.Tests.Investigation.Logs;

public sealed class LogHeaderFormatTests
{
    [Theory]
    [InlineData("<Date> <Time> <Pid> <Level> <Component>: <Content>",
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating",
        "PacketResponder 1 for block blk_1 terminating")]
    [InlineData("[<Time>] [<Level>] <Content>",
        "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
        "workerEnv.init() ok /etc/httpd/conf/workers2.properties")]
    [InlineData("<Date> <Time> - <Level> [<Node>] - <Content>",
        "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
        "Notification time out: 3200")]
    [InlineData("<Month> <Date> <Time> <Host> <Component>: <Content>",
        "Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - HPD",
        "IOThunderboltSwitch<0>(0x0)::listenerCallback - HPD")]
    [InlineData("<Month> <Date> <Time> <Host> <Component>: <Content>",
        "Jun 14 15:16:01 combo syslogd 1.4.1: restart.",
        "restart.")]
    [InlineData("<Logrecord> <Date> <Time> <Pid> <Level> <Component> [<ADDR>] <Content>",
        "nova-api.log.1 2017-05-16 00:00:00.008 25746 INFO nova.wsgi.server [req-38 113d - - -] 10.11.10.1 \"GET /v2 HTTP/1.1\" status: 200",
        "10.11.10.1 \"GET /v2 HTTP/1.1\" status: 200")]
    public void The_content_follows_the_header_whatever_the_padding(string format, string line, string content)
    {
        Assert.Equal(content, LogHeaderFormat.Parse(format).ContentOf(line).ToString());
    }

    [Fact]
    public void A_line_that_does_not_fit_the_header_is_taken_whole()
    {
        var format = LogHeaderFormat.Parse("<Date> <Time> <Level> [<Thread>] <Component>: <Content>");

        Assert.Equal("continuation of a stack trace", format.ContentOf("  continuation of a stack trace  ").ToString());
        Assert.False(format.TryContent("2015-10-18 18:01:47,978 INFO no thread here", out _));
    }

    [Fact]
    public void The_content_field_need_not_be_last()
    {
        var format = LogHeaderFormat.Parse("<Level>: <Content> (<Where>)");

        Assert.True(format.TryContent("WARN: disk almost full (node-7)", out var content));
        Assert.Equal("disk almost full", "WARN: disk almost full (node-7)"[content]);
    }

    [Fact]
    public void A_lone_angle_bracket_is_part_of_a_literal()
    {
        var format = LogHeaderFormat.Parse("<Level> <- <Content>");

        Assert.Equal("message", format.ContentOf("INFO <- message").ToString());
    }

    [Theory]
    [InlineData("<Date> <Time>")]
    [InlineData("<Date><Content>")]
    public void A_format_without_content_or_with_touching_fields_is_refused(string format)
    {
        var error = Assert.Throws<FormatException>(() => LogHeaderFormat.Parse(format));

        Assert.Contains(format, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_format_is_refused()
    {
        Assert.Throws<ArgumentException>(() => LogHeaderFormat.Parse("   "));
    }
}
