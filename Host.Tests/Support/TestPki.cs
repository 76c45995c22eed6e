using System;
using System.Diagnostics;
using System.IO;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// A certificate authority made for one test run with Debian's openssl (CI installs it): the CA, and
    /// leaf certificates signed by it with chosen names and validity. EC P-256 keys, PEM files in a temporary
    /// folder that the test deletes.
    /// </summary>
    public sealed class TestPki : IDisposable
    {
        private const string Config = @"
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
default_ca = test_ca
[test_ca]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::TEST_PKI_SAN}
[client_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
";

        private int _serial;

        private TestPki(string directory, string name)
        {
            Directory = directory;
            Name = name;
        }

        /// <summary>The folder holding every file of this PKI.</summary>
        public string Directory { get; }

        public string Name { get; }

        public string CaCertificateFile => Path.Combine(Directory, Name + "-ca.crt");

        public string CaCertificatePem => File.ReadAllText(CaCertificateFile);

        /// <summary>Creates a CA named <paramref name="name"/> in a new temporary folder readable by a broker process.</summary>
        public static TestPki Create(string name)
        {
            string directory = Path.Combine(Path.GetTempPath(), "pki-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            System.IO.Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            System.IO.Directory.CreateDirectory(Path.Combine(directory, "issued"));
            File.WriteAllText(Path.Combine(directory, "openssl.cnf"), Config);
            File.WriteAllText(Path.Combine(directory, "index.txt"), "");
            File.WriteAllText(Path.Combine(directory, "serial"), "1000\n");
            TestPki pki = new TestPki(directory, name);
            pki.Run(null, "req", "-x509", "-config", "openssl.cnf", "-extensions", "ca_ext", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", name + "-ca.key", "-out", name + "-ca.crt", "-days", "3", "-subj", "/CN=" + name + " CA");
            return pki;
        }

        /// <summary>
        /// Issues a broker certificate for <paramref name="subjectAltName"/> (openssl syntax, e.g.
        /// "IP:127.0.0.1,DNS:localhost") valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>;
        /// returns the base path: base.crt and base.key.
        /// </summary>
        public string IssueServer(string fileName, string subjectAltName, DateTime notBefore, DateTime notAfter)
        {
            return Issue(fileName, "server_ext", subjectAltName, notBefore, notAfter);
        }

        /// <summary>Issues a client certificate for mutual TLS; returns the base path of its .crt and .key.</summary>
        public string IssueClient(string fileName, DateTime notBefore, DateTime notAfter)
        {
            return Issue(fileName, "client_ext", "DNS:unused", notBefore, notAfter);
        }

        public void Dispose()
        {
            System.IO.Directory.Delete(Directory, true);
        }

        private string Issue(string fileName, string extensions, string subjectAltName, DateTime notBefore, DateTime notAfter)
        {
            _serial++;
            Run(null, "req", "-new", "-config", "openssl.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", fileName + ".key", "-out", fileName + ".csr", "-subj", "/CN=" + fileName);
            Run(subjectAltName, "ca", "-batch", "-config", "openssl.cnf", "-cert", Name + "-ca.crt", "-keyfile", Name + "-ca.key",
                "-in", fileName + ".csr", "-out", fileName + ".crt", "-extensions", extensions, "-notext",
                "-startdate", notBefore.ToUniversalTime().ToString("yyyyMMddHHmmss") + "Z",
                "-enddate", notAfter.ToUniversalTime().ToString("yyyyMMddHHmmss") + "Z");
            foreach (string file in new[] { fileName + ".key", fileName + ".crt" })
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(Path.Combine(Directory, file), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }
            }

            return Path.Combine(Directory, fileName);
        }

        private void Run(string subjectAltName, params string[] arguments)
        {
            ProcessStartInfo start = new ProcessStartInfo("openssl")
            {
                WorkingDirectory = Directory,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["TEST_PKI_SAN"] = subjectAltName ?? "DNS:unused";
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start openssl");
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("openssl " + string.Join(" ", arguments) + " failed (" + process.ExitCode + "): " + errors + output);
            }
        }
    }
}
