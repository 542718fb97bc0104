namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// The order in which Java's <c>HashMap&lt;String, String&gt;</c> iterates its entries, for output that prints a map as
/// Flume does (<c>Map.toString()</c>): buckets in index order, <c>(h ^ (h &gt;&gt;&gt; 16)) &amp; (capacity − 1)</c> with
/// <c>h</c> = <c>String.hashCode</c>, capacity 16 doubled whenever the size exceeds 0.75 × capacity, entries of one bucket
/// in insertion order (reference hdfs-sink.md §5; treeified buckets of 8+ colliding keys are not modelled).
/// It lives with the config parser because Flume's config handling depends on it too (failover priorities, the order in
/// which <c>${key}</c> references are substituted); the agent's serializers use the same class.
/// </summary>
public static class JavaHashMapOrder
{
    /// <summary>Java's <c>String.hashCode</c> over UTF-16 code units.</summary>
    public static int StringHashCode(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((31 * h) + c);
        }
        return h;
    }

    /// <summary>The table size a HashMap built with the default constructor has after <paramref name="count"/> puts.</summary>
    public static int Capacity(int count)
    {
        var capacity = 16;
        while (count > capacity * 3 / 4)
        {
            capacity *= 2;
        }
        return capacity;
    }

    /// <summary>
    /// Sorts <paramref name="order"/> (indexes into <paramref name="keys"/>, given in insertion order) into iteration
    /// order; <paramref name="buckets"/> is scratch space of the same length. No allocation.
    /// </summary>
    public static void Sort(IReadOnlyList<string> keys, Span<int> order, Span<int> buckets)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var mask = Capacity(keys.Count) - 1;
        for (var i = 0; i < order.Length; i++)
        {
            var h = StringHashCode(keys[order[i]]);
            buckets[i] = (h ^ (int)((uint)h >> 16)) & mask;
        }
        // Insertion sort: stable, and header maps are small.
        for (var i = 1; i < order.Length; i++)
        {
            var bucket = buckets[i];
            var index = order[i];
            var j = i - 1;
            while (j >= 0 && buckets[j] > bucket)
            {
                buckets[j + 1] = buckets[j];
                order[j + 1] = order[j];
                j--;
            }
            buckets[j + 1] = bucket;
            order[j + 1] = index;
        }
    }

    /// <summary>The keys (given in insertion order) in the order a HashMap holding exactly them iterates.</summary>
    public static string[] Ordered(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var order = new int[keys.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Sort(keys, order, new int[keys.Count]);
        var result = new string[keys.Count];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = keys[order[i]];
        }
        return result;
    }
}
