using System.Threading.Channels;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// Owns the GPIO lines of the <c>Gpio</c> section: drives lamps, buzzer, RGB and status LED from the decisions and
/// health the pipeline posts (on a thread of its own, so the frame path never waits), feeds trigger edges to
/// <see cref="Triggers"/>, and returns every output to its safe level on stop, on a failure of its thread, on process
/// exit and on an unhandled exception anywhere in the process.
/// </summary>
public sealed class GpioOutputService : BackgroundService
{
    private readonly GpioOptions _options;
    private readonly IGpioDriverFactory _driverFactory;
    private readonly ILogger<GpioOutputService> _logger;
    private readonly GpioOutputQueue _queue = new();
    private GpioOutputBoard? _board;

    /// <param name="options">The bound <c>Gpio</c> section; validated at start.</param>
    /// <param name="driverFactory">Opens chips: libgpiod on a board, a <see cref="RecordingGpioDriver"/> in tests.</param>
    /// <param name="logger">Log.</param>
    /// <param name="time">Time source of the trigger gate; <see cref="TimeProvider.System"/> when null.</param>
    public GpioOutputService(
        IOptions<GpioOptions> options, IGpioDriverFactory driverFactory, ILogger<GpioOutputService> logger, TimeProvider? time = null)
    {
        _options = options.Value;
        _driverFactory = driverFactory;
        _logger = logger;
        Triggers = new TriggerGate(_options.Triggers, time);
    }

    /// <summary>Where the pipeline posts decisions; never blocks, drops the oldest when the output thread lags.</summary>
    public DecisionQueue Decisions => _queue.Decisions;

    /// <summary>Queues a scanned code for barcode rules; never blocks, false when the output thread lags.</summary>
    public bool TryPostCode(ScannedCode code) => _queue.TryPostCode(code);

    /// <summary>The gate the pipeline asks before classifying a frame.</summary>
    public TriggerGate Triggers { get; }

    /// <summary>Tells the status LED the service's health; cheap, call whenever it may have changed.</summary>
    public void ReportHealth(HealthState health) => _queue.ReportHealth(health);

    /// <summary>Validates the section and opens every line; fails naming the key, chip or line that is wrong.</summary>
    /// <exception cref="GpioConfigurationException">The section is invalid.</exception>
    /// <exception cref="GpioUnavailableException">A chip or line could not be opened.</exception>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var headerChip = RaspberryPiPins.HeaderChip(GpioChipReader.ListChips());
        GpioOptionsValidator.ThrowIfInvalid(_options, headerChip);
        GpioLineResolver.TryCreate(_options.Chip, headerChip, out var resolver);
        _board = GpioOutputBoard.Open(_options, resolver, _driverFactory, Triggers);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        _logger.LogInformation("GPIO: lines open on default chip gpiochip{Chip}", resolver.DefaultChip);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Stops the output thread, then returns every output to its safe level.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            _board?.RestoreSafeLevels();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        _board?.Dispose();
        _queue.Complete();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var board = _board ?? throw new InvalidOperationException("GpioOutputService was not started");
        return Task.Factory.StartNew(
            () => RunOutputThread(board, stoppingToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private void RunOutputThread(GpioOutputBoard board, CancellationToken stoppingToken)
    {
        try
        {
            GpioOutputLoop.Run(_queue, board, stoppingToken);
        }
        catch (Exception ex)
        {
            board.RestoreSafeLevels();
            _logger.LogError(ex, "GPIO: output thread failed; outputs are at their safe levels");
            throw;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => _board?.RestoreSafeLevels();

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e) => _board?.RestoreSafeLevels();
}
