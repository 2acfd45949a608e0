using Investigator.Core.Decisioning;

namespace Investigator.Core.Learning;

/// <summary>
/// The filterable fields of the stored cases (account, product, disposition, resolution time), slot for
/// slot with an <see cref="ExactVectorIndex"/>, in flat arrays: a filtered search over 100,000 cases reads
/// a few hundred kilobytes instead of following a pointer to every case. Accounts and products are
/// interned ignoring case. Not thread-safe: the owner serializes access.
/// </summary>
internal sealed class CaseFacets
{
    private const int None = -1;

    private readonly Dictionary<string, int> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _products = new(StringComparer.OrdinalIgnoreCase);
    private int[] _account = new int[1_024];
    private int[] _product = new int[1_024];
    private Disposition[] _disposition = new Disposition[1_024];
    private long[] _resolvedTicks = new long[1_024];
    private int _count;

    public void Add(ResolvedCase resolved)
    {
        if (_count == _account.Length)
        {
            var size = _count * 2;
            Array.Resize(ref _account, size);
            Array.Resize(ref _product, size);
            Array.Resize(ref _disposition, size);
            Array.Resize(ref _resolvedTicks, size);
        }

        Set(_count++, resolved);
    }

    public void Set(int slot, ResolvedCase resolved)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)_count, nameof(slot));
        _account[slot] = Intern(_accounts, resolved.AccountId);
        _product[slot] = Intern(_products, resolved.Product);
        _disposition[slot] = resolved.Disposition;
        _resolvedTicks[slot] = resolved.ResolvedAt.UtcTicks;
    }

    /// <summary>Mirrors <see cref="ExactVectorIndex.RemoveAt"/>: the last slot moves into <paramref name="slot"/>.</summary>
    public void RemoveAt(int slot)
    {
        var last = --_count;
        _account[slot] = _account[last];
        _product[slot] = _product[last];
        _disposition[slot] = _disposition[last];
        _resolvedTicks[slot] = _resolvedTicks[last];
    }

    /// <summary>Slots of one disposition: where a near-duplicate may be.</summary>
    public Predicate<int> WithDisposition(Disposition disposition) => slot => _disposition[slot] == disposition;

    /// <summary>The slots <paramref name="filter"/> admits; null when it admits every case.</summary>
    public Predicate<int>? Admitting(CaseMemoryFilter filter)
    {
        if (filter is { AccountId: null, Product: null, Disposition: null, ResolvedAfter: null, ResolvedBefore: null })
        {
            return null;
        }

        // A value never stored matches nothing: its id is one no slot holds.
        var account = filter.AccountId is null ? None : _accounts.GetValueOrDefault(filter.AccountId, int.MinValue);
        var product = filter.Product is null ? None : _products.GetValueOrDefault(filter.Product, int.MinValue);
        var disposition = filter.Disposition;
        var after = filter.ResolvedAfter?.UtcTicks ?? long.MinValue;
        var before = filter.ResolvedBefore?.UtcTicks ?? long.MaxValue;
        return slot =>
            (account == None || _account[slot] == account)
            && (product == None || _product[slot] == product)
            && (disposition is null || _disposition[slot] == disposition)
            && _resolvedTicks[slot] >= after
            && _resolvedTicks[slot] < before;
    }

    private static int Intern(Dictionary<string, int> ids, string? value)
    {
        if (value is null)
        {
            return None;
        }

        if (!ids.TryGetValue(value, out var id))
        {
            id = ids.Count;
            ids[value] = id;
        }

        return id;
    }
}
