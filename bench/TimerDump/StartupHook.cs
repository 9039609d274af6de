using System.Diagnostics;
using System.Reflection;
using System.Text;

/// <summary>
/// DOTNET_STARTUP_HOOKS=/path/TimerDump.dll: every TIMERDUMP_SECONDS (default 10) writes the active
/// System.Threading timers (due time, period, callback, state, and for a PeriodicTimer who awaits it) and the
/// process's thread-pool counters to /tmp/timerdump-PID.txt. Reads private runtime fields: a diagnostic only.
/// </summary>
internal static class StartupHook
{
    private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    public static void Initialize()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("TIMERDUMP_SECONDS"), out var s) ? s : 10;
        var file = $"/tmp/timerdump-{Environment.ProcessId}.txt";
        var thread = new Thread(() =>
        {
            var started = Stopwatch.StartNew();
            while (true)
            {
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                string text;
                try
                {
                    text = Dump(started.Elapsed);
                }
                catch (Exception e)
                {
                    text = "dump failed: " + e + "\n";
                }
                File.AppendAllText(file, text);
            }
        })
        { IsBackground = true, Name = "TimerDump" };
        thread.Start();
    }

    private static string Dump(TimeSpan at)
    {
        var sb = new StringBuilder();
        sb.Append($"== at {at.TotalSeconds:0} s: {Environment.CommandLine}\n");
        sb.Append($"   threadpool: threads {ThreadPool.ThreadCount}, completed {ThreadPool.CompletedWorkItemCount}, pending {ThreadPool.PendingWorkItemCount}\n");
        var queueType = typeof(Timer).Assembly.GetType("System.Threading.TimerQueue", throwOnError: true);
        var queues = (Array)queueType.GetProperty("Instances", Any).GetValue(null);
        foreach (var queue in queues)
        {
            lock (queue)
            {
                foreach (var list in new[] { "_shortTimers", "_longTimers" })
                {
                    var timer = queueType.GetField(list, Any).GetValue(queue);
                    while (timer != null)
                    {
                        var t = timer.GetType();
                        var period = (uint)t.GetField("_period", Any).GetValue(timer);
                        var due = (uint)t.GetField("_dueTime", Any).GetValue(timer);
                        var callback = (Delegate)t.GetField("_timerCallback", Any).GetValue(timer);
                        var state = t.GetField("_state", Any).GetValue(timer);
                        sb.Append($"   {list} due {due} ms period {(period == uint.MaxValue ? "-" : period + " ms")} "
                            + $"callback {callback?.Method.DeclaringType?.FullName}.{callback?.Method.Name} state {Describe(state)}\n");
                        timer = t.GetField("_next", Any).GetValue(timer);
                    }
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>The state's type, and for a Task or a PeriodicTimer's State whatever waits on it (its continuation).</summary>
    private static string Describe(object state)
    {
        if (state == null)
        {
            return "null";
        }
        var text = state.GetType().FullName;
        try
        {
            var core = state.GetType().GetField("_mrvtsc", Any)?.GetValue(state);
            if (core != null)
            {
                var cs = core.GetType().GetField("_continuationState", Any)?.GetValue(core);
                text += " awaited by " + (cs?.GetType().FullName ?? "nobody");
            }
            var task = state as Task ?? state.GetType().GetField("_task", Any)?.GetValue(state) as Task;
            if (task != null)
            {
                var cont = typeof(Task).GetField("m_continuationObject", Any)?.GetValue(task);
                text += " continuation " + (cont?.GetType().FullName ?? "none");
                if (cont is Delegate d)
                {
                    text += " " + d.Target?.GetType().FullName;
                }
            }
        }
        catch (Exception e)
        {
            text += " (" + e.GetType().Name + ")";
        }
        return text;
    }
}
