using Microsoft.ML.Data;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>One example as ML.NET reads it (an <c>IDataView</c> made from a sequence of these).</summary>
internal sealed class ExampleRow
{
    /// <summary>Gets or sets the feature vector (<see cref="RiskFeatures"/>).</summary>
    [VectorType(RiskFeatures.Count)]
    public float[] Features { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether the inspection found something.</summary>
    public bool Label { get; set; }

    /// <summary>Gets or sets the example's weight.</summary>
    public float Weight { get; set; } = 1;
}
