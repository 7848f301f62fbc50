using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;

namespace NetGen.Tuning.Tests.Storage;

/// <summary>Runs actions on threads of their own that start together (the thread pool would add threads one by one).</summary>
internal static class Concurrently
{
    /// <summary>Runs <paramref name="action"/> on <paramref name="count"/> new threads at once and rethrows the first failure.</summary>
    public static void Run(int count, Action<int> action)
    {
        using var start = new Barrier(count);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, count).Select(index => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                action(index);
            }
            catch (Exception exception)
            {
                failures.Enqueue(exception);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        if (failures.TryDequeue(out var failure))
        {
            throw new AggregateException(failure);
        }
    }
}
