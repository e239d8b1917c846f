namespace ParcelStream.DevTools.Mock;

/// <summary>Kafka protocol request types (ApiKey), for fault injection and request tracking on a <see cref="MockCluster"/>.</summary>
public enum KafkaApiKey : short
{
    /// <summary>Produce.</summary>
    Produce = 0,

    /// <summary>Fetch.</summary>
    Fetch = 1,

    /// <summary>ListOffsets.</summary>
    ListOffsets = 2,

    /// <summary>Metadata.</summary>
    Metadata = 3,

    /// <summary>OffsetCommit.</summary>
    OffsetCommit = 8,

    /// <summary>OffsetFetch.</summary>
    OffsetFetch = 9,

    /// <summary>FindCoordinator.</summary>
    FindCoordinator = 10,

    /// <summary>JoinGroup.</summary>
    JoinGroup = 11,

    /// <summary>Heartbeat.</summary>
    Heartbeat = 12,

    /// <summary>LeaveGroup.</summary>
    LeaveGroup = 13,

    /// <summary>SyncGroup.</summary>
    SyncGroup = 14,

    /// <summary>DescribeGroups.</summary>
    DescribeGroups = 15,

    /// <summary>ListGroups.</summary>
    ListGroups = 16,

    /// <summary>SaslHandshake.</summary>
    SaslHandshake = 17,

    /// <summary>ApiVersions.</summary>
    ApiVersions = 18,

    /// <summary>CreateTopics (not served by the mock).</summary>
    CreateTopics = 19,

    /// <summary>DeleteTopics (not served by the mock).</summary>
    DeleteTopics = 20,

    /// <summary>DeleteRecords.</summary>
    DeleteRecords = 21,

    /// <summary>InitProducerId.</summary>
    InitProducerId = 22,

    /// <summary>OffsetForLeaderEpoch.</summary>
    OffsetForLeaderEpoch = 23,

    /// <summary>AddPartitionsToTxn.</summary>
    AddPartitionsToTxn = 24,

    /// <summary>AddOffsetsToTxn.</summary>
    AddOffsetsToTxn = 25,

    /// <summary>EndTxn.</summary>
    EndTxn = 26,

    /// <summary>TxnOffsetCommit.</summary>
    TxnOffsetCommit = 28,

    /// <summary>SaslAuthenticate.</summary>
    SaslAuthenticate = 36,

    /// <summary>OffsetDelete.</summary>
    OffsetDelete = 47,

    /// <summary>ConsumerGroupHeartbeat (KIP-848).</summary>
    ConsumerGroupHeartbeat = 68,

    /// <summary>GetTelemetrySubscriptions.</summary>
    GetTelemetrySubscriptions = 71,

    /// <summary>PushTelemetry.</summary>
    PushTelemetry = 72,
}
