namespace Investigator.Tests.Support;

/// <summary>This test assembly's name, for the xunit extensions compiled into it from tests/Shared.</summary>
internal static class TestAssembly
{
    public const string Name = "Investigator.Api.Tests";
}
