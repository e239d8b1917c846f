namespace ParcelStream.Operations;

/// <summary>One line of a health report.</summary>
/// <param name="Name">What was checked: worker, partitions, rules, state.</param>
/// <param name="Ok">Whether it passed.</param>
/// <param name="Detail">What was found, for people.</param>
public readonly record struct HealthCheck(string Name, bool Ok, string Detail);
