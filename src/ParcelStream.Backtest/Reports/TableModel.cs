namespace ParcelStream.Backtest.Reports;

/// <summary>A report table as plain text, rendered the same way by the Markdown and the HTML report.</summary>
/// <param name="Header">The column headings.</param>
/// <param name="LeftColumns">How many leading columns hold text (left-aligned); the others hold figures.</param>
/// <param name="Rows">The rows, one cell per heading.</param>
internal sealed record TableModel(IReadOnlyList<string> Header, int LeftColumns, IReadOnlyList<string[]> Rows);
