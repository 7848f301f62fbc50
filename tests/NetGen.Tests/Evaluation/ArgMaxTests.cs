using System;
using NetGen.Evaluation;

namespace NetGen.Tests.Evaluation;

/// <summary>
/// The arg-max that turns outputs into classes: the vector passes for floats (rows of 4 or more, and of 2 or 3) give the
/// scalar definition's answer.
/// </summary>
public class ArgMaxTests
{
    [Fact]
    public void FirstOfTheLargest_OnRowsWithTiesSignedZerosAndNaNs_OfEveryLength()
    {
        // Values from a small set, so that ties are common, with −0 beside +0, infinities and NaNs in some rows.
        float[] pool = [-2f, -1f, -0f, 0f, 0.5f, 1f, 1f, 3f, float.PositiveInfinity, float.NegativeInfinity];
        var random = new Random(11);
        for (var length = 1; length <= 21; length++)
        {
            for (var trial = 0; trial < 400; trial++)
            {
                var row = new float[length];
                for (var i = 0; i < length; i++)
                {
                    row[i] = pool[random.Next(pool.Length)];
                }

                if (trial % 5 == 0)
                {
                    row[random.Next(length)] = float.NaN;
                }

                var expected = Reference(row);
                Assert.True(expected == Evaluator.ArgMax<float>(row), $"[{string.Join(", ", row)}]: expected {expected}, got {Evaluator.ArgMax<float>(row)}");
                Assert.Equal(expected, Evaluator.ArgMax<double>(Array.ConvertAll(row, v => (double)v)));
            }
        }
    }

    [Theory]
    [InlineData(new[] { 1f, 5f, 5f, 2f, 0f, 0f, 0f, 0f, 0f, 0f }, 1)]
    [InlineData(new[] { 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 9f }, 9)] // in the overlap of the last 4
    [InlineData(new[] { 0f, 0f, 0f, 0f, 0f, 0f, 9f, 9f, 0f, 0f }, 6)]
    [InlineData(new[] { float.NaN, 1f, 2f, 3f }, 0)] // nothing is larger than a NaN before it
    [InlineData(new[] { 1f, float.NaN, 3f, 2f, 0f }, 2)] // nor is a NaN larger than anything
    [InlineData(new[] { -0f, 0f, -1f, -1f }, 0)] // −0 and +0 are equal: the first
    [InlineData(new[] { 2f, 7f, 7f }, 1)] // three values: one vector filled up with copies of the first and the last
    [InlineData(new[] { 7f, 2f, 7f }, 0)] // the first's copy in the fourth lane comes after it
    [InlineData(new[] { 2f, 3f, 7f }, 2)]
    [InlineData(new[] { 3f, 3f }, 0)] // two values
    [InlineData(new[] { -1f, 3f }, 1)]
    [InlineData(new[] { 1f, float.NaN, 3f }, 2)]
    [InlineData(new[] { float.NaN, 3f }, 0)]
    public void KnownRows(float[] row, int expected) => Assert.Equal(expected, Evaluator.ArgMax<float>(row));

    /// <summary>The definition: the first value larger than every value before it that was kept.</summary>
    private static int Reference(float[] row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}
