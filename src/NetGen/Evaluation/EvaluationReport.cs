using System.Text;

namespace NetGen.Evaluation;

/// <summary>
/// What <see cref="Evaluator.Evaluate{T}"/> measured on a data set: the network's loss and, by the kind of problem its
/// loss declares, a classification or a regression report.
/// </summary>
/// <param name="Loss">The network's own loss on the data, in inference mode (as the validation loss of an epoch record).</param>
/// <param name="Classification">For a cross-entropy loss with one output (binary) or a categorical one (multi-class); otherwise <see langword="null"/>.</param>
/// <param name="Regression">For the regression losses (MSE, MAE, Huber); otherwise <see langword="null"/>.</param>
public sealed record EvaluationReport(double Loss, ClassificationReport? Classification, RegressionReport? Regression)
{
    /// <summary>The loss (six significant digits), then the classification or regression report.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("loss: ").Append(Loss.ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
        if (Classification is not null)
        {
            text.Append("\n\n").Append(Classification);
        }

        if (Regression is not null)
        {
            text.Append("\n\n").Append(Regression);
        }

        return text.ToString();
    }
}
