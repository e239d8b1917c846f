using Microsoft.ML;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>A model ML.NET trained, and the same model as the engine evaluates it.</summary>
/// <param name="Transformer">ML.NET's calibrated model (for comparisons in tests and benchmarks).</param>
/// <param name="Trees">The trees, flattened, with each split's expected output over the training sample.</param>
/// <param name="PlattSlope">Calibration slope A of p = 1 / (1 + exp(A margin + B)).</param>
/// <param name="PlattOffset">Calibration offset B.</param>
/// <param name="Hash">A short hash of the trees (4 hex digits), for the version.</param>
internal sealed record FittedModel(ITransformer Transformer, TreeEnsemble Trees, double PlattSlope, double PlattOffset, string Hash);
