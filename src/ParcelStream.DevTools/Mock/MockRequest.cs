namespace ParcelStream.DevTools.Mock;

/// <summary>One protocol request a <see cref="MockCluster"/> received while request tracking was on.</summary>
/// <param name="BrokerId">The broker the request was sent to.</param>
/// <param name="ApiKey">The request type.</param>
/// <param name="TimestampMicros">When the broker received it, librdkafka's monotonic clock in microseconds.</param>
public readonly record struct MockRequest(int BrokerId, KafkaApiKey ApiKey, long TimestampMicros);
