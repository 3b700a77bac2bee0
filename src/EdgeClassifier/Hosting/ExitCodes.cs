namespace EdgeClassifier.Hosting;

/// <summary>Process exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
