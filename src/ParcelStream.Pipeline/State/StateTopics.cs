namespace ParcelStream.Pipeline.State;

/// <summary>Names of the internal topics, Kafka Streams style: <c>parcelstream.&lt;app&gt;.&lt;name&gt;-repartition</c> and <c>-changelog</c>.</summary>
public static class StateTopics
{
    /// <summary>Gets the repartition topic of an operation.</summary>
    /// <param name="applicationId">The application id.</param>
    /// <param name="name">The operation (e.g. <c>split</c>).</param>
    /// <returns>The topic name.</returns>
    public static string Repartition(string applicationId, string name) => $"parcelstream.{applicationId}.{name}-repartition";

    /// <summary>Gets the compacted changelog topic of a store.</summary>
    /// <param name="applicationId">The application id.</param>
    /// <param name="storeName">The store (e.g. <c>split-store</c>).</param>
    /// <returns>The topic name.</returns>
    public static string Changelog(string applicationId, string storeName) => $"parcelstream.{applicationId}.{storeName}-changelog";
}
