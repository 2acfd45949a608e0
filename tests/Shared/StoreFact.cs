using Xunit.Abstractions;
using Xunit.Sdk;

namespace Investigator.Tests.Support;

/// <summary>
/// A test of a store contract, run once per store. In a class marked <see cref="RequiresPostgresAttribute"/> it is
/// reported skipped, with the reason, when no PostgreSQL server is configured (<see cref="PostgresTestServer"/>) and
/// this is not CI; in CI it always runs, so a missing server fails it.
/// </summary>
[XunitTestCaseDiscoverer("Investigator.Tests.Support.StoreFactDiscoverer", TestAssembly.Name)]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose tests run against PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests as <see cref="StoreTestCase"/>s.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new StoreTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

/// <summary>A store test that skips itself when its class needs PostgreSQL and none is configured.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("For the deserializer only.", error: true)]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    // Read when the test case is initialised, in discovery and again after deserialization: the environment decides.
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute)
        ?? (TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() ? PostgresTestServer.SkipReason : null)!;
}
