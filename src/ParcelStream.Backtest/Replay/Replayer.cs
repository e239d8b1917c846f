using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// Replays a history of manifests (an Avro object container file, or messages such as a Kafka topic range) through
/// one or two rule packs on every core. One thread reads the file block by block (or the messages batch by batch); the workers inflate, decode and decide whole blocks in parallel; the
/// calling thread writes the blocks' decisions in file order. Counts are integers merged after the end, so the
/// decisions written and the result are the same whatever the number of threads. A stateful stage (split shipments,
/// duplicates: not there yet) would need the manifests in order, e.g. by running it on the writer's side or by
/// partitioning the blocks by consignee; <see cref="ReplayPack.Decide"/> is where it would be called.
/// </summary>
public static partial class Replayer
{
    private const int BlocksPerThread = 4;
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Replays a history.</summary>
    /// <param name="options">What to read, which packs, where the decisions go.</param>
    /// <param name="progress">Called from the calling thread about ten times a second, and once at the end; null for none.</param>
    /// <param name="cancellationToken">Stops the replay; what was decided so far is written and counted.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="AvroContainerException">The file is not a container file, or a block is corrupt or cut short.</exception>
    /// <exception cref="ParcelStream.Codec.AvroSchemaException">The file's schema is not a ParcelManifest the reader schema can resolve.</exception>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static ReplayResult Run(ReplayOptions options, Action<ReplayProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        using IReplayBlockSource source = OpenSource(options, cancellationToken, out ReplayContext context);
        int packs = options.Packs.Count;
        var writers = new DecisionFileWriter?[packs];
        try
        {
            for (int p = 0; p < packs; p++)
            {
                writers[p] = options.OutputOf(p) is { } path ? new DecisionFileWriter(path) : null;
            }

            var run = new Replay(options, context, source, writers, progress);
            bool cancelled = run.Execute(cancellationToken);
            return run.BuildResult(cancelled, clock.Elapsed);
        }
        finally
        {
            foreach (DecisionFileWriter? writer in writers)
            {
                writer?.Dispose();
            }
        }
    }

    /// <summary>Opens the container file, or wraps the message source, and builds what the workers share.</summary>
    private static IReplayBlockSource OpenSource(ReplayOptions options, CancellationToken cancellationToken, out ReplayContext context)
    {
        if (options.MessageSource is { } messages)
        {
            // Messages carry their framing (Confluent, single-object or raw) and are decoded as the live worker does.
            var decoder = new ManifestDecoder(SchemaRegistry.Default, options.ContainerOptions.Limits);
            context = CreateContext(options, decoder, null, AvroContainerCodec.Null, messages.Name);
            return new MessageBlockSource(messages, cancellationToken);
        }

        var stream = new FileStream(options.InputPath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        ContainerBlockSource source = ContainerBlockSource.Open(stream, options.ContainerOptions);
        context = CreateContext(options, AvroContainerManifests.CreateDecoder(source.Schema, options.ContainerOptions.Limits), source.Schema, source.Codec, Path.GetFileName(options.InputPath!));
        return source;
    }

    private static ReplayContext CreateContext(ReplayOptions options, ManifestDecoder decoder, AvroSchema? schema, AvroContainerCodec codec, string sourceName)
    {
        int packs = options.Packs.Count;
        var formats = new DecisionFormat[packs];
        for (int p = 0; p < packs; p++)
        {
            formats[p] = options.OutputOf(p) is { } path ? DecisionFileWriter.FormatOf(path) : DecisionFormat.JsonLines;
        }

        return new ReplayContext(
            options.Packs,
            [.. options.Packs.Select(p => new RuleCatalog(p.Pack))],
            formats,
            decoder,
            schema,
            codec,
            options.ContainerOptions.Limits,
            options.ContainerOptions.MaxDecompressedBlockBytes,
            options.InspectionResults,
            options.PlantedKinds,
            Encoding.UTF8.GetBytes(sourceName));
    }

    /// <summary>One replay: the threads, the queues between them and what the writer gathers in file order.</summary>
    private sealed partial class Replay
    {
        private readonly ReplayOptions _options;
        private readonly IReplayBlockSource _source;
        private readonly DecisionFileWriter?[] _writers;
        private readonly Action<ReplayProgress>? _progress;
        private readonly ReplayBlock[] _blocks;
        private readonly ReplayWorker[] _workers;
        private readonly List<ReplayIssue> _issues = [];
        private readonly List<InspectionChange> _added = [];
        private readonly List<InspectionChange> _removed = [];
        private readonly TimelineBuilder _timeline;
        private readonly ShardTurns _turns = new();
        private Exception? _failure;
        private long _records;
        private long _decided;
        private long _undecodable;
        private long _blocksWritten;
        private long _bytesDone;

        public Replay(ReplayOptions options, ReplayContext context, IReplayBlockSource source, DecisionFileWriter?[] writers, Action<ReplayProgress>? progress)
        {
            _options = options;
            _source = source;
            _writers = writers;
            _progress = progress;
            bool[] outputs = [.. writers.Select(w => w is not null)];
            _blocks = new ReplayBlock[(options.Threads * BlocksPerThread) + 2];
            for (int i = 0; i < _blocks.Length; i++)
            {
                _blocks[i] = new ReplayBlock(options.Packs.Count, outputs, options.MessageSource is not null);
            }

            _workers = new ReplayWorker[options.Threads];
            for (int i = 0; i < _workers.Length; i++)
            {
                _workers[i] = new ReplayWorker(context, _turns);
            }

            _timeline = new TimelineBuilder(options.Packs.Count);
        }

        /// <summary>Runs the reader and the workers on their own threads and writes on this one.</summary>
        /// <returns>True when cancelled before the end of the file.</returns>
        public bool Execute(CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var free = new BlockingCollection<ReplayBlock>(new ConcurrentQueue<ReplayBlock>());
            using var work = new BlockingCollection<ReplayBlock>(new ConcurrentQueue<ReplayBlock>());
            using var done = new BlockingCollection<ReplayBlock>(new ConcurrentQueue<ReplayBlock>());
            foreach (ReplayBlock block in _blocks)
            {
                free.Add(block, CancellationToken.None);
            }

            CancellationToken token = stop.Token;
            using CancellationTokenRegistration stopTurns = token.Register(_turns.Stop);
            Task reader = Task.Factory.StartNew(() => Read(free, work, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Task[] workers = [.. _workers.Select(w => Task.Factory.StartNew(() => Work(w, work, done, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
            Task finished = Task.WhenAll(workers).ContinueWith(_ => done.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                WriteInOrder(free, done, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped by the caller or by a failing thread: the failure, if any, is thrown below.
            }
            catch (Exception e)
            {
                Fail(e, stop);
            }

            Task.WaitAll([reader, .. workers, finished], CancellationToken.None);
            foreach (ReplayBlock block in _blocks)
            {
                block.Dispose();
            }

            foreach (ReplayWorker worker in _workers)
            {
                worker.Dispose();
            }

            if (_failure is not null)
            {
                ExceptionDispatchInfo.Throw(_failure);
            }

            return cancellationToken.IsCancellationRequested;
        }

        private void Read(BlockingCollection<ReplayBlock> free, BlockingCollection<ReplayBlock> work, CancellationTokenSource stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    ReplayBlock block = free.Take(stop.Token);
                    if (!_source.TryReadBlock(block))
                    {
                        break;
                    }

                    work.Add(block, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(e, stop);
            }
            finally
            {
                work.CompleteAdding();
            }
        }

        private void Work(ReplayWorker worker, BlockingCollection<ReplayBlock> work, BlockingCollection<ReplayBlock> done, CancellationTokenSource stop)
        {
            try
            {
                foreach (ReplayBlock block in work.GetConsumingEnumerable(stop.Token))
                {
                    worker.Process(block);
                    done.Add(block, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(e, stop);
            }
        }

        /// <summary>Writes the blocks as they come back from the workers, in file order, and hands them back to the reader.</summary>
        private void WriteInOrder(BlockingCollection<ReplayBlock> free, BlockingCollection<ReplayBlock> done, CancellationToken token)
        {
            // At most _blocks.Length blocks are out at once, with consecutive sequence numbers: their slots differ.
            var pending = new ReplayBlock?[_blocks.Length];
            long next = 0;
            var clock = Stopwatch.StartNew();
            TimeSpan nextProgress = s_progressInterval;
            foreach (ReplayBlock block in done.GetConsumingEnumerable(token))
            {
                pending[block.Sequence % pending.Length] = block;
                while (pending[next % pending.Length] is { } ready && ready.Sequence == next)
                {
                    pending[next % pending.Length] = null;
                    Write(ready);
                    next++;
                    free.Add(ready, token);
                }

                if (_progress is not null && clock.Elapsed >= nextProgress)
                {
                    _progress(new ReplayProgress(_bytesDone, _source.ProgressTotal, _decided));
                    nextProgress = clock.Elapsed + s_progressInterval;
                }
            }

            _progress?.Invoke(new ReplayProgress(_bytesDone, Math.Max(_bytesDone, _source.ProgressTotal), _decided));
        }

        private void Write(ReplayBlock block)
        {
            for (int p = 0; p < _writers.Length; p++)
            {
                if (_writers[p] is { } writer)
                {
                    writer.Write(block.Outputs[p]!.WrittenSpan, block.DatumEnds[p]);
                }
            }

            _records += block.Count;
            _decided += block.Decided;
            _undecodable += block.Undecodable;
            _blocksWritten++;
            _bytesDone = block.ProgressEnd;
            _timeline.Add(block);
            foreach (ReplayIssue issue in block.Issues)
            {
                if (_issues.Count < ReplayBlock.MaxIssues)
                {
                    _issues.Add(issue);
                }
            }

            foreach (InspectionChange change in block.Changes)
            {
                List<InspectionChange> list = change.After == Outcome.Inspect ? _added : _removed;
                if (list.Count < ReplayBlock.MaxChanges)
                {
                    list.Add(change);
                }
            }
        }

        private void Fail(Exception e, CancellationTokenSource stop)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
