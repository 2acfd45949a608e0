namespace Investigator.WorldGen.Accounts;

/// <summary>Invents webhook endpoints: the first at hooks.&lt;domain&gt;, the second at events.&lt;domain&gt;.</summary>
internal sealed class EndpointBook(Random rng)
{
    public static readonly IReadOnlyList<string> AllRunEvents = ["run.completed", "run.failed"];
    public static readonly IReadOnlyList<string> FailureEvents = ["run.failed"];

    public void Fill(AccountPlan account)
    {
        for (var i = 0; i < account.Spec.EndpointCount; i++)
        {
            var created = rng.MomentBetween(account.CreatedAt.AddDays(14), AccountGenerator.HistoryEnd);
            account.Endpoints.Add(i == 0
                ? new EndpointPlan(EndpointId(account, 0), $"https://hooks.{account.Domain}/flowpoint", AllRunEvents, created, account.ActorAt(created))
                : new EndpointPlan(EndpointId(account, i), $"https://events.{account.Domain}/webhooks/flowpoint", FailureEvents, created, account.ActorAt(created)));
        }
    }

    public static string EndpointId(AccountPlan account, int index) => $"whe_{account.Spec.Number}_{(char)('a' + index)}";
}
