using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;
using EdgeClassifier.Outputs.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Fleet;

/// <summary>
/// Installs offered models on this device: download (resumable, size-capped, hash-checked), signature check when
/// <c>Model:PublicKey</c> is set, a trial on live frames (and the validation dataset) inside the frame loop, then
/// either a switch between two frames that is remembered across restarts, or a rejection naming what was measured.
/// One installation at a time; each stage is reported through <see cref="IModelRollout.Changed"/>.
/// </summary>
public sealed class ModelRollout : IModelRollout, IDisposable
{
    private const int MaxValidationImages = 200;
    private readonly RolloutOptions _options;
    private readonly RolloutStore _store;
    private readonly ModelDownloader _downloader;
    private readonly ECDsa? _publicKey;
    private readonly IRolloutHost _host;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task _installation = Task.CompletedTask;
    private string? _stage;
    private string? _stageVersion;

    /// <summary>Creates the rollout side; <paramref name="publicKey"/> (may be null) is owned by it afterwards.</summary>
    public ModelRollout(RolloutOptions options, RolloutStore store, ModelDownloader downloader, ECDsa? publicKey, IRolloutHost host, ILogger logger)
    {
        _options = options;
        _store = store;
        _downloader = downloader;
        _publicKey = publicKey;
        _host = host;
        _logger = logger;
    }

    /// <inheritdoc />
    public event Action? Changed;

    /// <inheritdoc />
    public string? ModelVersion => _store.Resolve(_host.ConfiguredModelPath, out _)?.Version;

    /// <inheritdoc />
    public string? OfferedVersion => _store.OfferedVersion;

    /// <inheritdoc />
    public string? Stage => _stage;

    /// <inheritdoc />
    public string? StageVersion => _stageVersion;

    /// <summary>The installation in progress (or the last one), for callers that wait for it.</summary>
    public Task Installation => _installation;

    /// <inheritdoc />
    public CommandResult Offer(JsonObject? arguments)
    {
        ModelOffer? offer = ModelOffer.Parse(arguments, out string? error);
        if (offer is null)
        {
            return CommandResult.Fail($"model: {error}");
        }

        bool install = arguments?["install"] is not JsonValue flag || !flag.TryGetValue(out bool value) || value;
        if (install && IsBusy(out string? busy))
        {
            return CommandResult.Fail(busy!);
        }

        _store.RecordOffer(offer.ToJson());
        if (!install)
        {
            _logger.LogInformation("Model {Version} offered ({Url}); not installing until asked", offer.Version, offer.Model.Url);
            Changed?.Invoke();
            return CommandResult.Success(new JsonObject { ["offeredVersion"] = offer.Version });
        }

        return Start(offer);
    }

    /// <inheritdoc />
    public CommandResult Install()
    {
        if (_store.Offer is not { } stored || ModelOffer.Parse(stored, out _) is not { } offer)
        {
            return CommandResult.Fail("install: no model has been offered (send a model command first)");
        }

        return IsBusy(out string? busy) ? CommandResult.Fail(busy!) : Start(offer);
    }

    /// <inheritdoc />
    public async Task<CommandResult> RollbackAsync(CancellationToken cancellationToken)
    {
        if (IsBusy(out string? busy))
        {
            return CommandResult.Fail(busy!);
        }

        string? from = ModelVersion;
        if (!_store.RollBack())
        {
            return CommandResult.Fail("rollback: no rolled-out model is active; the configured model is running");
        }

        await _host.ReloadAsync(cancellationToken).ConfigureAwait(false);
        string? to = ModelVersion;
        _logger.LogWarning("Rolled back from model {From} to {To}", from, to ?? "the configured model");
        Report(to, "active");
        return CommandResult.Success(new JsonObject { ["modelVersion"] = to, ["from"] = from });
    }

    /// <summary>Cancels a running installation.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _publicKey?.Dispose();
    }

    private bool IsBusy(out string? message)
    {
        lock (_lock)
        {
            message = _installation.IsCompleted ? null : $"busy: model {_stageVersion} is {_stage}";
            return message is not null;
        }
    }

    private CommandResult Start(ModelOffer offer)
    {
        lock (_lock)
        {
            if (!_installation.IsCompleted)
            {
                return CommandResult.Fail($"busy: model {_stageVersion} is {_stage}");
            }

            Report(offer.Version, "downloading");
            _installation = Task.Run(() => InstallAsync(offer, _stopping.Token));
        }

        return CommandResult.Success(new JsonObject { ["version"] = offer.Version, ["stage"] = "downloading" });
    }

    private async Task InstallAsync(ModelOffer offer, CancellationToken cancellationToken)
    {
        string outcome;
        try
        {
            outcome = await TryInstallAsync(offer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            outcome = $"rejected: {ex.Message}";
        }

        if (outcome == "active")
        {
            _logger.LogInformation("Model {Version} accepted and in service", offer.Version);
        }
        else
        {
            _logger.LogWarning("Model {Version} {Outcome}; keeping the model in service", offer.Version, outcome);
        }

        Report(offer.Version, outcome);
    }

    /// <summary>Runs every stage; returns <c>active</c> or <c>rejected: reason</c>.</summary>
    private async Task<string> TryInstallAsync(ModelOffer offer, CancellationToken cancellationToken)
    {
        _logger.LogInformation("Model {Version}: downloading {Url}", offer.Version, offer.Model.Url);
        string model, labels;
        try
        {
            model = await _downloader.FetchAsync(offer.Model, null, cancellationToken).ConfigureAwait(false);
            labels = offer.Labels is null ? "" : await _downloader.FetchAsync(offer.Labels, "labels.txt", cancellationToken).ConfigureAwait(false);
        }
        catch (DownloadException ex)
        {
            return $"rejected: {ex.Message}";
        }

        if (_publicKey is not null)
        {
            if (offer.Signature is null)
            {
                return "rejected: unsigned model (Model:PublicKey requires a signature)";
            }

            if (!ModelSignature.Verify(_publicKey, Convert.FromHexString(offer.Model.Sha256), offer.Signature))
            {
                return "rejected: bad signature (not made by the key in Model:PublicKey)";
            }
        }

        Report(offer.Version, "validating");
        var installed = new InstalledModel(offer.Version, model, labels.Length > 0 ? labels : null, offer.Model.Sha256);
        TrialOutcome measured;
        try
        {
            measured = await TrialAsync(installed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelLoadException or DatasetException or ArgumentException or TimeoutException)
        {
            return $"rejected: {ex.Message}";
        }

        _logger.LogInformation("Model {Version} on this board: p50 {P50:0.0} ms, p95 {P95:0.0} ms over {Frames} frames{Accuracy}",
            offer.Version, measured.P50Ms, measured.P95Ms, measured.Frames,
            measured.Accuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $", top-1 {a:0.00}") : "");
        if (measured.P95Ms > _host.BudgetMs)
        {
            return string.Create(CultureInfo.InvariantCulture, $"rejected: p95 {measured.P95Ms:0} ms > {_host.BudgetMs:0.#} ms");
        }

        if (measured.Accuracy is { } accuracy && accuracy < _options.MinAccuracy)
        {
            return string.Create(CultureInfo.InvariantCulture, $"rejected: top-1 {accuracy:0.00} < {_options.MinAccuracy:0.00} on {_options.ValidationDataset}");
        }

        _store.Accept(installed, _host.ConfiguredModelPath);
        try
        {
            await _host.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _store.RollBack();
            return $"rejected: switching failed: {ex.Message}";
        }

        return "active";
    }

    private async Task<TrialOutcome> TrialAsync(InstalledModel installed, CancellationToken cancellationToken)
    {
        ImageClassifier candidate = await Task.Run(() => _host.LoadCandidate(installed), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ValidationImage> dataset;
        try
        {
            dataset = LoadDataset(candidate.Contract.Labels);
        }
        catch
        {
            candidate.Dispose();
            throw;
        }

        using var trial = new CandidateTrial(candidate, _host.Classification, dataset, _options.ValidationFrames);
        if (!_host.BeginTrial(trial))
        {
            throw new TimeoutException("another trial is running");
        }

        try
        {
            return await trial.Completion.WaitAsync(TimeSpan.FromSeconds(_options.ValidationTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no verdict within {_options.ValidationTimeoutSeconds} s (Model:ValidationTimeoutSeconds): is the camera delivering frames?");
        }
        finally
        {
            _host.EndTrial(trial);
        }
    }

    private List<ValidationImage> LoadDataset(IReadOnlyList<string> labels)
    {
        if (string.IsNullOrWhiteSpace(_options.ValidationDataset))
        {
            return [];
        }

        ImageDataset dataset = ImageDataset.Scan(_options.ValidationDataset);
        int[] expected = FolderLabelMatcher.Match(dataset.Folders, labels, new Dictionary<string, string>());
        var folderIndex = dataset.Folders.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return dataset.Images.Take(MaxValidationImages)
            .Select(image => new ValidationImage(ImageFileDecoder.Decode(image.Path), expected[folderIndex[image.Folder]]))
            .ToList();
    }

    private void Report(string? version, string stage)
    {
        (_stageVersion, _stage) = (version, stage);
        Changed?.Invoke();
    }
}
