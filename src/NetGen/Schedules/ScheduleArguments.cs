using System;

namespace NetGen.Schedules;

/// <summary>The argument checks the schedules share, each throwing an exception that names the argument and its range.</summary>
internal static class ScheduleArguments
{
    public static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number greater than 0.");
        }
    }

    public static void RequireNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of at least 0.");
        }
    }

    public static void RequireAtLeast(long value, long minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }
    }

    public static void RequireDefined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    /// <summary>The epoch of <paramref name="position"/>, which per-epoch schedules read; never negative.</summary>
    public static int Epoch(SchedulePosition position)
    {
        if (position.Epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "SchedulePosition.Epoch must be at least 0.");
        }

        return position.Epoch;
    }

    /// <summary>The global update count of <paramref name="position"/>, which per-step schedules read; never negative.</summary>
    public static long Step(SchedulePosition position)
    {
        if (position.Step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "SchedulePosition.Step must be at least 0.");
        }

        return position.Step;
    }
}
