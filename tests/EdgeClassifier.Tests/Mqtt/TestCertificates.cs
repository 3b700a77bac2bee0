namespace EdgeClassifier.Tests.Mqtt;

/// <summary>A CA, a server certificate for 127.0.0.1/localhost and a client certificate, generated with openssl.</summary>
public sealed class TestCertificates
{
    private TestCertificates(string directory, string name)
    {
        CaFile = Path.Combine(directory, $"{name}-ca.crt");
        CaKeyFile = Path.Combine(directory, $"{name}-ca.key");
        ServerCertFile = Path.Combine(directory, $"{name}-server.crt");
        ServerKeyFile = Path.Combine(directory, $"{name}-server.key");
        ClientCertFile = Path.Combine(directory, $"{name}-client.crt");
        ClientKeyFile = Path.Combine(directory, $"{name}-client.key");
    }

    public string CaFile { get; }

    public string CaKeyFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    /// <summary>Generates a fresh CA named <paramref name="name"/> with a server and a client certificate.</summary>
    public static TestCertificates Generate(string directory, string name)
    {
        var certs = new TestCertificates(directory, name);
        string ext = Path.Combine(directory, $"{name}-server.ext");
        File.WriteAllText(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        string clientExt = Path.Combine(directory, $"{name}-client.ext");
        File.WriteAllText(clientExt, "extendedKeyUsage=clientAuth\n");
        Openssl($"req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN={name}-test-ca -keyout {certs.CaKeyFile} -out {certs.CaFile}");
        Sign(certs, directory, "server", "localhost", certs.ServerKeyFile, certs.ServerCertFile, ext);
        Sign(certs, directory, "client", "edgeclassifier-test-client", certs.ClientKeyFile, certs.ClientCertFile, clientExt);
        return certs;
    }

    /// <summary>
    /// A root CA (<see cref="CaFile"/>), an intermediate CA it signs, and a server certificate the intermediate signs;
    /// <see cref="ServerCertFile"/> holds the server certificate followed by the intermediate, as brokers send them.
    /// </summary>
    public static TestCertificates GenerateWithIntermediate(string directory, string name, string serverIp = "127.0.0.1")
    {
        var certs = new TestCertificates(directory, name);
        string caExt = Path.Combine(directory, $"{name}-ca.ext");
        File.WriteAllText(caExt, "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        string serverExt = Path.Combine(directory, $"{name}-server.ext");
        File.WriteAllText(serverExt, $"subjectAltName=DNS:localhost,IP:{serverIp}\nextendedKeyUsage=serverAuth\n");
        Openssl($"req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN={name}-root-ca -keyout {certs.CaKeyFile} -out {certs.CaFile}");
        var intermediate = new TestCertificates(directory, name + "-intermediate");
        Sign(certs, directory, "intermediate", $"{name}-intermediate-ca", intermediate.CaKeyFile, intermediate.CaFile, caExt);
        string leaf = Path.Combine(directory, $"{name}-leaf.crt");
        Sign(intermediate, directory, "server", "localhost", certs.ServerKeyFile, leaf, serverExt);
        File.WriteAllText(certs.ServerCertFile, File.ReadAllText(leaf) + File.ReadAllText(intermediate.CaFile));
        return certs;
    }

    private static void Sign(TestCertificates certs, string directory, string role, string cn, string key, string cert, string ext)
    {
        string csr = Path.Combine(directory, $"{role}.csr");
        Openssl($"req -newkey rsa:2048 -nodes -subj /CN={cn} -keyout {key} -out {csr}");
        Openssl($"x509 -req -in {csr} -CA {certs.CaFile} -CAkey {certs.CaKeyFile} -CAcreateserial -days 2 -extfile {ext} -out {cert}");
    }

    private static void Openssl(string arguments) => MosquittoBroker.RunTool("openssl", arguments);
}
