namespace Investigator.Evals.RealData;

/// <summary>
/// One Endava helpdesk ticket (endava-helpdesk-tickets/tickets.csv). The labels are the publisher's
/// integer codes, kept as strings; <see cref="TypeLabel"/> reads ticket_type 0 as "incident" and 1 as
/// "request", which is inferred from the data (the publisher gives no code book).
/// </summary>
public sealed record EndavaTicket(
    string Id,
    string Title,
    string Body,
    string TicketType,
    string Category,
    string SubCategory1,
    string SubCategory2,
    string BusinessService,
    string Urgency,
    string Impact)
{
    public string TypeLabel => TicketType switch
    {
        "0" => "incident",
        "1" => "request",
        _ => TicketType,
    };

    public string Text => $"{Title}\n{Body}";
}

/// <summary>
/// Reads the Endava / Microsoft CSE anonymised helpdesk tickets: Endava's internal IT helpdesk tickets
/// published with https://github.com/karolzak/support-tickets-classification (MIT, Copyright (c) 2018
/// Karol Żak), copy from deepakmoud/datasets-for-experiment; see the folder's ATTRIBUTION.md.
/// </summary>
public static class EndavaTickets
{
    public const string Folder = "endava-helpdesk-tickets";
    public const string FileName = "tickets.csv";

    public static List<EndavaTicket> Parse(TextReader reader) =>
        Csv.Parse(reader)
            .Where(r => r.GetValueOrDefault("ticket_id", "").Length > 0 && r.GetValueOrDefault("ticket_type", "").Length > 0)
            .Select(r => new EndavaTicket(
                r["ticket_id"].Trim(),
                r.GetValueOrDefault("title", "").Trim(),
                r.GetValueOrDefault("body", "").Trim(),
                r["ticket_type"].Trim(),
                r.GetValueOrDefault("category", "").Trim(),
                r.GetValueOrDefault("sub_category1", "").Trim(),
                r.GetValueOrDefault("sub_category2", "").Trim(),
                r.GetValueOrDefault("business_service", "").Trim(),
                r.GetValueOrDefault("urgency", "").Trim(),
                r.GetValueOrDefault("impact", "").Trim()))
            .ToList();

    public static List<EndavaTicket> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }
}
