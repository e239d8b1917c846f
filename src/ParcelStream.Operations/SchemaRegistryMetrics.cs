using ParcelStream.Pipeline.Schemas;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>The Confluent Schema Registry as the worker sees it, copied at scrape time; no series without a registry.</summary>
internal sealed class SchemaRegistryMetrics
{
    private readonly Gauge _waiting;
    private readonly Counter _requests;

    public SchemaRegistryMetrics(IMetricFactory factory)
    {
        _waiting = factory.CreateGauge("parcelstream_schema_registry_waiting", "Lanes and feedback joins waiting for an unreachable schema registry to serve a schema id (their messages wait, nothing is dead-lettered).", new GaugeConfiguration { SuppressInitialValue = true });
        _requests = factory.CreateCounter("parcelstream_schema_registry_requests_total", "Requests to the schema registry by outcome: answered, not_found (unknown schema id), refused (schema registration or look-up refused), unavailable (could not be reached; every retry counts).", ["outcome"]);
    }

    public void Update(RegistrySchemas? schemas)
    {
        if (schemas is null)
        {
            return;
        }

        _waiting.Set(schemas.Waiting);
        _requests.WithLabels("answered").IncTo(schemas.RequestsAnswered);
        _requests.WithLabels("not_found").IncTo(schemas.RequestsNotFound);
        _requests.WithLabels("refused").IncTo(schemas.RequestsRefused);
        _requests.WithLabels("unavailable").IncTo(schemas.RequestsFailed);
    }
}
