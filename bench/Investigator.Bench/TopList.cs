namespace Investigator.Bench;

/// <summary>The best n (index, score) pairs seen so far, best first, in two small arrays.</summary>
internal sealed class TopList
{
    private readonly int[] _indices;
    private readonly float[] _scores;

    public TopList(int size)
    {
        _indices = new int[size];
        _scores = new float[size];
        Array.Fill(_indices, -1);
        Array.Fill(_scores, float.NegativeInfinity);
    }

    public int[] Indices => _indices.Where(i => i >= 0).ToArray();

    public void Offer(int index, float score)
    {
        if (score <= _scores[^1])
        {
            return;
        }

        var at = _scores.Length - 1;
        while (at > 0 && _scores[at - 1] < score)
        {
            _scores[at] = _scores[at - 1];
            _indices[at] = _indices[at - 1];
            at--;
        }

        _scores[at] = score;
        _indices[at] = index;
    }
}
