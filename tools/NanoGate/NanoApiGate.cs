using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Firmware.Tools.NanoGate
{
    /// <summary>
    /// Compiles device projects against nanoFramework's mscorlib as the only standard library, in
    /// dependency order, then walks every file for what the 1.x runtime cannot run
    /// (<see cref="DeviceRuleWalker"/>). A use of an API the device lacks is a compile error, reported
    /// with its file and line like every other finding.
    /// </summary>
    public sealed class NanoApiGate
    {
        /// <summary>The assembly name of nanoFramework's test framework, whose public surface the gate knows.</summary>
        public const string TestFrameworkAssembly = "nanoFramework.TestFramework";

        private readonly MetadataReference _mscorlib;
        private readonly string _testFrameworkSurface;

        /// <param name="mscorlibPath">mscorlib.dll of the nanoFramework.CoreLibrary package.</param>
        /// <param name="testFrameworkSurface">Folder of C# files declaring nanoFramework.TestFramework's public API.</param>
        public NanoApiGate(string mscorlibPath, string testFrameworkSurface)
        {
            if (!File.Exists(mscorlibPath))
            {
                throw new FileNotFoundException("nanoFramework's mscorlib.dll was not found", mscorlibPath);
            }

            _mscorlib = MetadataReference.CreateFromFile(mscorlibPath);
            _testFrameworkSurface = testFrameworkSurface;
        }

        /// <summary>The gate as built: mscorlib and the test framework surface beside the gate's own binary.</summary>
        public static NanoApiGate FromInstallation()
        {
            string here = AppContext.BaseDirectory;
            return new NanoApiGate(Path.Combine(here, "nanoFramework", "mscorlib.dll"), Path.Combine(here, "TestFrameworkSurface"));
        }

        /// <summary>
        /// Byte code and string table budget of one device assembly, bytes: 56 KiB, leaving room to grow under the
        /// 64 KiB the MetadataProcessor accepts for each.
        /// </summary>
        public const int AssemblyBudget = 56 * 1024;

        /// <summary>
        /// The real nanoFramework.TestFramework.dll to compile the device tests against (a toolchain's), or null to
        /// compile them against the declared surface (enough to check them; a .pe needs the real one's identity).
        /// </summary>
        public string TestFrameworkReference { get; set; }

        /// <summary>Checks the projects (each may reference the ones before it) and returns every finding.</summary>
        public IReadOnlyList<GateFinding> Check(IReadOnlyList<GateProject> projects, string displayRoot)
        {
            return Check(projects, displayRoot, null);
        }

        /// <summary>
        /// Checks the projects (each may reference the ones before it) and returns every finding, budgets included;
        /// adds every project as compiled, in the same order, to <paramref name="compiled"/> when it is given.
        /// </summary>
        public IReadOnlyList<GateFinding> Check(IReadOnlyList<GateProject> projects, string displayRoot, List<CompiledAssembly> compiled)
        {
            List<GateFinding> findings = new List<GateFinding>();
            Dictionary<string, MetadataReference> built = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
            MetadataReference testFramework = null;

            foreach (GateProject project in projects)
            {
                List<MetadataReference> references = new List<MetadataReference> { _mscorlib };
                foreach (string reference in project.ProjectReferences)
                {
                    if (!built.TryGetValue(reference, out MetadataReference image))
                    {
                        throw new InvalidOperationException($"{project.Name} references {reference}, which is not a device project checked before it");
                    }

                    references.Add(image);
                }

                foreach (string package in project.PackageAssemblies)
                {
                    references.Add(MetadataReference.CreateFromFile(package));
                }

                if (project.UsesTestFramework)
                {
                    testFramework ??= TestFrameworkReference != null
                        ? MetadataReference.CreateFromFile(TestFrameworkReference)
                        : CompileTestFrameworkSurface(findings, displayRoot);
                    references.Add(testFramework);
                }

                CSharpCompilation compilation = Compile(project.Name, project.SourceFiles, references, project.LanguageVersion);
                Report(compilation, findings, displayRoot);
                byte[] debug = Emit(compilation);
                byte[] release = Emit(compilation.WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Release)));
                CompiledAssembly assembly = new CompiledAssembly(project, debug, release);
                CheckBudget(assembly, findings, displayRoot);
                compiled?.Add(assembly);
                built[project.ProjectFile] = debug != null ? MetadataReference.CreateFromImage(debug) : compilation.ToMetadataReference();
            }

            return findings;
        }

        private static byte[] Emit(CSharpCompilation compilation)
        {
            using MemoryStream output = new MemoryStream();
            return compilation.Emit(output).Success ? output.ToArray() : null;
        }

        /// <summary>A finding for an assembly over <see cref="AssemblyBudget"/> in either configuration, naming its largest namespaces.</summary>
        private static void CheckBudget(CompiledAssembly assembly, List<GateFinding> findings, string displayRoot)
        {
            foreach (AssemblyMeasure measure in new[] { assembly.Debug, assembly.Release })
            {
                if (measure == null)
                {
                    continue;
                }

                string configuration = measure == assembly.Debug ? "Debug" : "Release";
                string project = Display(assembly.Project.ProjectFile, displayRoot);
                if (measure.ByteCode > AssemblyBudget)
                {
                    findings.Add(new GateFinding(project, 1, 1, "budget",
                        $"{assembly.Project.Name} ({configuration}) has {measure.ByteCode:N0} bytes of byte code, over the budget of {AssemblyBudget:N0} " +
                        $"(the MetadataProcessor refuses more than 65,535); largest namespaces: {measure.LargestNamespaces(4)}. Split the assembly."));
                }

                if (measure.Strings > AssemblyBudget)
                {
                    findings.Add(new GateFinding(project, 1, 1, "budget",
                        $"{assembly.Project.Name} ({configuration}) has {measure.Strings:N0} bytes of strings, over the budget of {AssemblyBudget:N0} " +
                        $"(the MetadataProcessor refuses more than 65,535). Split the assembly."));
                }
            }
        }

        private MetadataReference CompileTestFrameworkSurface(List<GateFinding> findings, string displayRoot)
        {
            string[] files = Directory.GetFiles(_testFrameworkSurface, "*.cs", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
            CSharpCompilation surface = Compile(TestFrameworkAssembly, files, new[] { _mscorlib }, "7.3");

            // Declarations only (their bodies are stubs that never run): compile errors count, device rules do not.
            Report(surface, findings, displayRoot, walk: false);
            return surface.ToMetadataReference();
        }

        private static CSharpCompilation Compile(string name, IReadOnlyList<string> files, IEnumerable<MetadataReference> references, string languageVersion)
        {
            if (!LanguageVersionFacts.TryParse(languageVersion, out LanguageVersion version))
            {
                throw new ArgumentException($"unknown C# version '{languageVersion}' for {name}");
            }

            CSharpParseOptions parse = new CSharpParseOptions(version, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });
            List<SyntaxTree> trees = files
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f))
                .ToList();
            CSharpCompilationOptions options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                checkOverflow: false,
                allowUnsafe: false,
                nullableContextOptions: NullableContextOptions.Disable);
            return CSharpCompilation.Create(name, trees, references, options);
        }

        private static void Report(CSharpCompilation compilation, List<GateFinding> findings, string displayRoot, bool walk = true)
        {
            foreach (Diagnostic diagnostic in compilation.GetDiagnostics())
            {
                if (diagnostic.Severity != DiagnosticSeverity.Error)
                {
                    continue;
                }

                FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
                findings.Add(new GateFinding(
                    Display(span.Path, displayRoot),
                    span.StartLinePosition.Line + 1,
                    span.StartLinePosition.Character + 1,
                    "api",
                    $"{diagnostic.Id}: {diagnostic.GetMessage()} (against nanoFramework's mscorlib)"));
            }

            if (!walk)
            {
                return;
            }

            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                new DeviceRuleWalker(model, Display(tree.FilePath, displayRoot), findings).Visit(tree.GetRoot());
            }
        }

        private static string Display(string path, string root)
        {
            if (string.IsNullOrEmpty(path))
            {
                return "(no file)";
            }

            return root == null ? path : Path.GetRelativePath(root, path).Replace('\\', '/');
        }
    }
}
