using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Investigator.Core.Diagnostics;

/// <summary>
/// The JSON settings of the public contract and of the world files: camelCase names, enums as
/// strings, nulls omitted. One definition, so that the API, the store and the world agree.
/// </summary>
public static class ContractJson
{
    /// <summary>Compact options for storage and HTTP.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented options for files people read (world files, reports).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Applies the contract settings to options owned by someone else (ASP.NET Core's).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.AllowTrailingCommas = true;
        options.ReadCommentHandling = JsonCommentHandling.Skip;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(EnumNaming.Instance));
        }
    }

    /// <summary>camelCase enum values, except codes like P0 that support teams write in capitals.</summary>
    private sealed class EnumNaming : JsonNamingPolicy
    {
        public static readonly EnumNaming Instance = new();

        public override string ConvertName(string name) =>
            name.Length >= 2 && char.IsUpper(name[0]) && name.Skip(1).All(char.IsDigit) ? name : CamelCase.ConvertName(name);
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions { WriteIndented = indented };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
