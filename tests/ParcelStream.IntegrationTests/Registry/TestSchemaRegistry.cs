using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ParcelStream.IntegrationTests.Registry;

/// <summary>
/// A Confluent Schema Registry for tests (no registry server can be installed on these machines): an HttpListener that
/// answers the documented REST subset Confluent's client and serializers call, GET /schemas/ids/{id},
/// POST /subjects/{subject}/versions (register), POST /subjects/{subject} (look up) and GET /config, with Confluent's
/// error bodies ({"error_code": 40403, ...}). Ids start at <see cref="FirstId"/>, one per distinct schema text, as a real
/// registry gives one id per schema. <see cref="GoDown"/> closes the port (connection refused) until <see cref="ComeUp"/>.
/// </summary>
internal sealed class TestSchemaRegistry : IDisposable
{
    /// <summary>The first id given: far from the local ids 1..5, so a test cannot pass on them.</summary>
    public const int FirstId = 100;

    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, (string Schema, string? Type)> _schemas = new();
    private readonly ConcurrentDictionary<string, List<int>> _subjects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refusing = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Lock _lock = new();
    private readonly int _port;
    private HttpListener? _listener;
    private Task _loop = Task.CompletedTask;
    private int _next = FirstId;

    public TestSchemaRegistry()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        ComeUp();
    }

    /// <summary>Gets the URL to give as schema.registry.url.</summary>
    public string Url => $"http://127.0.0.1:{_port}";

    /// <summary>Gets every request so far, as "METHOD /path".</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Gets the subjects and the ids registered under each.</summary>
    public IReadOnlyDictionary<string, List<int>> Subjects => _subjects;

    /// <summary>Registers a schema directly (as another team would have), returning its id.</summary>
    public int Add(string subject, string schema, string? schemaType = null)
    {
        int id = IdOf(schema, schemaType);
        _subjects.GetOrAdd(subject, _ => []).Add(id);
        return id;
    }

    /// <summary>From now on, registering under <paramref name="subject"/> answers 409 (incompatible), as a registry with BACKWARD compatibility would.</summary>
    public void RefuseAsIncompatible(string subject) => _refusing[subject] = true;

    /// <summary>Closes the port: requests fail with connection refused.</summary>
    public void GoDown()
    {
        lock (_lock)
        {
            _listener?.Close();
            _listener = null;
        }

        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>Listens again, with the same schemas.</summary>
    public void ComeUp()
    {
        lock (_lock)
        {
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
            _listener.Start();
            HttpListener listener = _listener;
            _loop = Task.Run(() => ServeAsync(listener));
        }
    }

    public void Dispose() => GoDown();

    private int IdOf(string schema, string? type) => _ids.GetOrAdd(schema, s =>
    {
        int id = Interlocked.Increment(ref _next) - 1;
        _schemas[id] = (s, type);
        return id;
    });

    private async Task ServeAsync(HttpListener listener)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
            {
                // The client went away.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        string path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        _requests.Enqueue($"{request.HttpMethod} {path}");
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        string[] parts = path.Trim('/').Split('/');
        (int status, JsonNode reply) = (request.HttpMethod, parts) switch
        {
            ("GET", ["schemas", "ids", var id]) => SchemaById(id),
            ("POST", ["subjects", var subject, "versions"]) => Register(subject, body),
            ("POST", ["subjects", var subject]) => Lookup(subject, body),
            ("GET", ["config"]) => (200, new JsonObject { ["compatibilityLevel"] = "BACKWARD" }),
            _ => Error(404, 404, $"{request.HttpMethod} {path} is not in this test registry's REST subset"),
        };

        byte[] bytes = Encoding.UTF8.GetBytes(reply.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/vnd.schemaregistry.v1+json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private (int, JsonNode) SchemaById(string id)
    {
        if (!int.TryParse(id, out int value) || !_schemas.TryGetValue(value, out (string Schema, string? Type) schema))
        {
            return Error(404, 40403, "Schema not found");
        }

        var reply = new JsonObject { ["schema"] = schema.Schema };
        if (schema.Type is not null)
        {
            reply["schemaType"] = schema.Type;
        }

        return (200, reply);
    }

    private (int, JsonNode) Register(string subject, string body)
    {
        (string schema, string? type) = Parse(body);
        if (_refusing.ContainsKey(subject))
        {
            return Error(409, 409, $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\"");
        }

        int id = IdOf(schema, type);
        List<int> versions = _subjects.GetOrAdd(subject, _ => []);
        lock (versions)
        {
            if (!versions.Contains(id))
            {
                versions.Add(id);
            }
        }

        return (200, new JsonObject { ["id"] = id });
    }

    private (int, JsonNode) Lookup(string subject, string body)
    {
        (string schema, _) = Parse(body);
        if (!_subjects.TryGetValue(subject, out List<int>? versions))
        {
            return Error(404, 40401, $"Subject '{subject}' not found.");
        }

        if (!_ids.TryGetValue(schema, out int id) || !versions.Contains(id))
        {
            return Error(404, 40403, "Schema not found");
        }

        return (200, new JsonObject { ["subject"] = subject, ["id"] = id, ["version"] = versions.IndexOf(id) + 1, ["schema"] = schema });
    }

    private static (string Schema, string? Type) Parse(string body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        string schema = document.RootElement.GetProperty("schema").GetString()!;
        string? type = document.RootElement.TryGetProperty("schemaType", out JsonElement t) ? t.GetString() : null;
        return (schema, type is "AVRO" ? null : type);
    }

    private static (int, JsonNode) Error(int status, int code, string message) =>
        (status, new JsonObject { ["error_code"] = code, ["message"] = message });
}
