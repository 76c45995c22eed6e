using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.Host.Tests.Support;
using Firmware.Tools.NanoGate;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Gate
{
    /// <summary>The gate passes the real device sources and rejects each thing the device cannot run, naming file and line.</summary>
    [TestClass]
    public sealed class NanoApiGateTests
    {
        [TestMethod]
        public void TheDeviceProjectsPassTheGate()
        {
            string root = Repository.Root;
            IReadOnlyList<GateProject> projects = NfprojReader.PortableProjects(root, out _);
            string[] names = projects.Select(p => p.Name).ToArray();
            CollectionAssert.IsSubsetOf(new[] { "Firmware.Loader", "Firmware.Text", "Firmware.Readings", "Firmware.Crypto", "Firmware.Power", "Firmware.Storage", "Firmware.Control", "Firmware.Uplink", "Firmware.Ota", "Firmware.Device", "Firmware.Drivers", "Firmware.Tests.Support", "NFUnitTest" }, names, string.Join(", ", names));
            IReadOnlyList<GateFinding> findings = NanoApiGate.FromInstallation().Check(projects, root);
            Assert.AreEqual(0, findings.Count, string.Join(Environment.NewLine, findings));
        }

        [TestMethod]
        [DataRow("using System.Collections.Generic;\nclass P { void M() {\n var l = new List<int>(); } }", 1, "api", "CS0234")]
        [DataRow("class P { void M() {\n var l = new System.Collections.Generic.List<int>(); } }", 2, "api", "CS0234")]
        [DataRow("class P { int M(int[] a) {\n return System.Linq.Enumerable.Count(a); } }", 2, "api", "CS0234")]
        [DataRow("using System.Linq;\nclass P { bool M(int[] a) {\n return a.Any(); } }", 1, "api", "CS0234")]
        [DataRow("class P { void M() {\n System.Action<int> a = x => { }; a(1); } }", 2, "generic", "System.Action<int>")]
        [DataRow("class P {\n T Id<T>(T t) { return t; } }", 2, "generic", "Id")]
        [DataRow("class P { static T Id<T>(T t) { return t; }\n int M() { return Id(1); } }", 1, "generic", "Id")]
        [DataRow("class P<T> { }", 1, "generic", "P")]
        [DataRow("class P {\n int[,] grid = new int[2, 2]; }", 2, "multidim-array", "multi-dimensional")]
        [DataRow("class P { int M(int x) {\n return checked(x + 1); } }", 2, "checked", "checked")]
        [DataRow("class P { string M(double d) {\n return \"v=\" + d; } }", 2, "float-format", "fixed-point")]
        [DataRow("class P { string M(float f) {\n return f.ToString(); } }", 2, "float-format", "fixed-point")]
        [DataRow("class P { string M(System.DayOfWeek d) {\n return d.ToString(); } }", 2, "enum-format", "enum")]
        [DataRow("class P { void M() { try { } \n catch (System.Exception e) when (e.Message == null) { } } }", 2, "exception-filter", "filters")]
        [DataRow("class P { System.Collections.IEnumerable M() {\n yield return 1; } }", 2, "generic", "iterators")]
        [DataRow("class P { object M() {\n return new { A = 1 }; } }", 2, "generic", "anonymous")]
        [DataRow("class P { void M() {\n var t = (1, 2); } }", 2, "api", "ValueTuple")]
        [DataRow("class P { async void M() {\n await System.Threading.Tasks.Task.Delay(1); } }", 2, "api", "")]
        [DataRow("class P { int M(string s) {\n return s.IndexOf(\"x\"); } }", 2, "culture-text", "Firmware.Text.Ordinal")]
        [DataRow("class P { int M(string s) {\n return s.LastIndexOf(\"x\", 3); } }", 2, "culture-text", "Firmware.Text.Ordinal")]
        [DataRow("class P { bool M(string s) {\n return s.StartsWith(\"x\"); } }", 2, "culture-text", "Firmware.Text.Ordinal")]
        [DataRow("class P { int M(string s) {\n return string.Compare(s, \"x\"); } }", 2, "culture-text", "code point")]
        [DataRow("class P { string M(string s) {\n return s.ToUpper(); } }", 2, "culture-text", "ASCII")]
        [DataRow("class P { int M(string s) {\n return s.GetHashCode(); } }", 2, "culture-text", "GetHashCode")]
        [DataRow("class P { void M() {\n throw new System.ArgumentOutOfRangeException(\"x\"); } }", 2, "exception-message", "ArgumentOutOfRangeException")]
        [DataRow("class P { void M() {\n throw new System.InvalidOperationException(); } }", 2, "exception-message", "InvalidOperationException")]
        [DataRow("class P { string M() {\n return \"a\\0b\"; } }", 2, "nul-in-string", "NUL")]
        [DataRow("class P { string M() {\n return \"a\\ud800b\"; } }", 2, "lone-surrogate", "U+FFFD")]
        [DataRow("class P { string M() {\n return \"\\ude00\\ud83d\"; } }", 2, "lone-surrogate", "U+FFFD")]
        [DataRow("class P { bool M(string t, int i) {\n return t[i + 1] >= 0xDC00; } }", 2, "surrogate-index", "both halves")]
        [DataRow("class P { bool M(string t, int i) {\n return IsLowSurrogate(t[i + 1]); } static bool IsLowSurrogate(char c) { return c > 0; } }", 2, "surrogate-index", "Utf8.CodePointAt")]
        [DataRow("class P { int M(string t) {\n return t.IndexOf('x'); } }", 2, "surrogate-search", "beyond the Basic Multilingual Plane")]
        [DataRow("class P { int M(string t) {\n return t.LastIndexOfAny(new char[] { 'x' }); } }", 2, "surrogate-search", "Ordinal")]
        [DataRow("class P { bool M(string t) {\n return t.Contains(\"x\"); } }", 2, "surrogate-search", "Ordinal")]
        public void RejectsWhatTheDeviceCannotRunWithFileAndLine(string source, int line, string rule, string mention)
        {
            IReadOnlyList<GateFinding> findings = Check("Probe.cs", source);
            Assert.IsTrue(
                findings.Any(f => f.File == "Probe.cs" && f.Line == line && f.Rule == rule && f.Message.Contains(mention, StringComparison.Ordinal)),
                $"expected a '{rule}' finding at Probe.cs line {line} mentioning '{mention}', got:{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");
        }

        [TestMethod]
        public void AcceptsWhatTheDeviceRuns()
        {
            string source = @"
using System;
using System.Collections;
class P
{
    private readonly ArrayList _items = new ArrayList();
    public int M(int[] values, int limit)
    {
        int sum = 0;
        Action add = () => { sum += limit; };
        add();
        foreach (int v in values) { sum += v; }
        _items.Add(sum);
        lock (_items) { sum++; }
        string text = ""n="" + sum.ToString();
        if (text.Length < 2 || text[0] == 'x' || text == ""\ud83d\ude00"") { throw new ArgumentNullException(""values""); }
        if (limit < 0) { throw new ArgumentOutOfRangeException(""limit"", ""limit must not be negative""); }
        try { return unchecked(sum * 3); } catch (InvalidOperationException) { return text.Length; }
    }
}";
            IReadOnlyList<GateFinding> findings = Check("Fine.cs", source);
            Assert.AreEqual(0, findings.Count, string.Join(Environment.NewLine, findings));
        }

        [TestMethod]
        public void AnAssemblyOverTheByteCodeBudgetIsRefusedNamingItsLargestNamespaces()
        {
            // About 60 KiB of IL in one namespace and a little in another: over the 56 KiB budget, under the 64 KiB limit.
            System.Text.StringBuilder source = new System.Text.StringBuilder("namespace Big { class P { int M(int x) {\n");
            for (int i = 0; i < 5000; i++)
            {
                source.Append("x = x * ").Append(i + 1000).Append(" + ").Append(i + 70000).Append(";\n");
            }

            source.Append("return x; } } }\nnamespace Small { class Q { int N() { return 1; } } }");
            IReadOnlyList<GateFinding> findings = Check("Big.cs", source.ToString());
            GateFinding budget = findings.FirstOrDefault(f => f.Rule == "budget");
            Assert.IsNotNull(budget, string.Join(Environment.NewLine, findings));
            StringAssert.Contains(budget.Message, "bytes of byte code, over the budget of 57,344");
            StringAssert.Contains(budget.Message, "largest namespaces: Big ");
        }

        [TestMethod]
        public void TheMeasureCountsEveryMethodBodyAndDistinctString()
        {
            string dir = Directory.CreateTempSubdirectory("gate-measure-").FullName;
            try
            {
                string file = Path.Combine(dir, "M.cs");
                File.WriteAllText(file, "namespace A { class P { string M() { return \"hello\"; } string N() { return \"hello\"; } } }");
                GateProject probe = new GateProject("Measured", Path.Combine(dir, "Probe.nfproj"), new[] { file }, Array.Empty<string>(), false, "7.3", Array.Empty<string>());
                List<CompiledAssembly> compiled = new List<CompiledAssembly>();
                Assert.AreEqual(0, NanoApiGate.FromInstallation().Check(new[] { probe }, dir, compiled).Count);
                AssemblyMeasure release = compiled.Single().Release;

                // M and N (ldstr, ret: 6 bytes of IL after a 1-byte tiny header each) and the constructor (ldarg.0, call, ret: 7 + 1).
                Assert.AreEqual(7 + 7 + 8, release.ByteCode);
                Assert.AreEqual(release.ByteCode, release.ByteCodeByNamespace["A"]);
                Assert.IsTrue(release.Strings > "hello".Length + 1 + "Measured".Length + 1, release.Strings.ToString());
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>Runs the gate on one file of source, as a device project of its own.</summary>
        private static IReadOnlyList<GateFinding> Check(string fileName, string source)
        {
            string dir = Directory.CreateTempSubdirectory("gate-probe-").FullName;
            try
            {
                string file = Path.Combine(dir, fileName);
                File.WriteAllText(file, source);
                GateProject probe = new GateProject(Path.GetFileNameWithoutExtension(fileName), Path.Combine(dir, "Probe.nfproj"), new[] { file }, Array.Empty<string>(), false, "7.3", Array.Empty<string>());
                return NanoApiGate.FromInstallation().Check(new[] { probe }, dir);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
